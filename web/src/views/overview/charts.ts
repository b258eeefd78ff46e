// ECharts for the round overview, only the modules it draws with (a heat map, bars, their axes,
// tooltip, legend and colour scale, the canvas renderer), so the bundle carries no more of ECharts.
// Tooltips are drawn on the canvas (richText), never as HTML with inline styles the page's CSP refuses.
import { BarChart, HeatmapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  HeatmapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export { echarts };
export type ChartOption = echarts.EChartsCoreOption;

export const FONT = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
export const TOOLTIP = { trigger: 'item', renderMode: 'richText' } as const;
