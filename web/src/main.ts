// The officers' workspace: Vue 3, Element Plus (its zh-CN locale by default), vue-i18n, the router.
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import { createApp } from 'vue';
import App from './App.vue';
import { installErrorHandler } from './errors';
import { i18n } from './i18n';
import { router } from './router';
import './styles.css';

const app = createApp(App);
installErrorHandler(app);
app.use(i18n).use(router).use(ElementPlus);
document.documentElement.lang = i18n.global.locale.value;
app.mount('#app');
