export { type BarChartOptions, type BarItem, barChartSvg } from './bar-chart';
export { type ParetoChartOptions, type ParetoItem, paretoBars, paretoChartSvg } from './pareto-chart';
export { type TrendChartOptions, type TrendSeries, trendChartSvg } from './trend-chart';
