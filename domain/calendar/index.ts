/** The one calendar: periods, month ends, day arithmetic, due dates, working days, local dates, document times. */
export * from './period';
export * from './period-shift';
export * from './month-end';
export * from './day-number';
export * from './due-date';
export * from './local-date';
export * from './working-days';
export * from './decide-monthly-run';
export * from './document-time';
