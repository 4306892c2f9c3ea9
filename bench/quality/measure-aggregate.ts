/**
 * Measurement child: the domain functions alone, as plain calls on events already in memory (no sheets, no disk,
 * no PDFs): cleanQualityEvents, then aggregateQualityEvents, then buildDepartmentViews. Building the events is not
 * timed. Args: <events> <seed>.
 */
import {
  DEFAULT_QUALITY_ROUTING,
  aggregateQualityEvents,
  buildDepartmentViews,
  cleanQualityEvents,
  splitSynonyms,
} from '../../domain/quality';
import { FAILURE_MODES } from '../../activities/sheets/samples/catalog';
import { childMain } from '../lib/child-main';
import { benchQualityRows, toBenchEvent } from './generate-events';
import { parsePeriod } from '../../domain/calendar';

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

const PERIOD = parsePeriod('2026-11');

childMain(async ([n, seed]) => {
  let row = 3;
  const events = [...benchQualityRows(Number(n), Number(seed), PERIOD)].map((r) => toBenchEvent(r, row++));
  const catalogue = FAILURE_MODES.map((f) => ({
    code: f.code,
    name: f.name,
    category: f.category,
    synonyms: splitSynonyms(f.synonyms.join('；')),
  }));
  let t = process.hrtime.bigint();
  const cleaned = cleanQualityEvents(events, catalogue, { dedupeWindowDays: 3 });
  const clean_s = seconds(t);
  t = process.hrtime.bigint();
  const agg = aggregateQualityEvents(PERIOD, cleaned.events, { repeatWindowDays: 90 });
  const aggregate_s = seconds(t);
  t = process.hrtime.bigint();
  const views = buildDepartmentViews(agg, DEFAULT_QUALITY_ROUTING, { unmapped: cleaned.unmapped });
  const views_s = seconds(t);
  return {
    clean_s,
    aggregate_s,
    views_s,
    plain_s: clean_s + aggregate_s + views_s,
    events: agg.totals.windowCount,
    duplicatesRemoved: cleaned.stats.duplicatesRemoved,
    views: views.length,
  };
});
