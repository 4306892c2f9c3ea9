import { stocktakeWorkflowId } from '../../workflows/stocktake-input';
import { type StocktakeStatus } from '../../workflows/stocktake-run';
import type { WorkflowEntry } from './types';
import { stocktakeInputFromConfig } from '../../config/start-inputs/stocktake-input';

/** Monthly stocktake (月度盘点), one workflow per warehouse, on the last working day of the month. */
export const stocktakeEntry: WorkflowEntry = {
  name: 'stocktake',
  title: 'Monthly stocktake (月度盘点)',
  workflowType: 'stocktakeWorkflow',
  needsPeriod: true,
  warehouses: (cfg) => cfg.stocktake?.warehouses.map((w) => w.id) ?? [],
  unconfigured: (cfg) => (cfg.stocktake ? null : 'the config has no "stocktake" section'),
  starts(cfg, { period, warehouse }) {
    const ids = warehouse ? [warehouse] : (cfg.stocktake?.warehouses.map((w) => w.id) ?? []);
    return ids.map((warehouseId) => ({
      workflowType: 'stocktakeWorkflow',
      workflowId: stocktakeWorkflowId(period!, warehouseId),
      args: [stocktakeInputFromConfig(cfg, { period: period!, warehouseId })],
    }));
  },
  phase: {
    query: 'stocktakeStatus',
    describe(value) {
      const s = value as StocktakeStatus;
      const waiting = s.waitingFor.length ? `, counts awaited from ${s.waitingFor.join(', ')}` : '';
      return `${s.phase}${s.round ? ` (round ${s.round})` : ''}${waiting}`;
    },
  },
  schedule: { kind: 'monthly', rule: 'last-working-day', hour: 8, periodOffset: 0 },
};
