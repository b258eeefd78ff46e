// Whether the window is a phone's (≤ 768 px): the menu becomes a drawer, steps stack vertically.
import { onBeforeUnmount, ref } from 'vue';

export function useNarrow() {
  const query = window.matchMedia('(max-width: 768px)');
  const narrow = ref(query.matches);
  const onChange = (e: MediaQueryListEvent) => (narrow.value = e.matches);
  query.addEventListener('change', onChange);
  onBeforeUnmount(() => query.removeEventListener('change', onChange));
  return narrow;
}
