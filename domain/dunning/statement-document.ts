/**
 * How a dealer's statement of account (对账单) is named and dated, in one place: the child's first look renders it
 * (activities/dunning/dealer-activities.ts) and a child begun before that renders it itself
 * (workflows/dunning-dealer-statement.ts); both must produce the same document.
 */

/** File name and archive title of the statement of `dealerId` for `period`. */
export function statementNames(
  dealerId: string,
  dealerName: string,
  period: string,
  locale: string | undefined,
): { fileName: string; title: string } {
  return {
    fileName: `对账单-${dealerId}-${period}.pdf`,
    title: locale !== 'en' ? `对账单 ${period} ${dealerName}` : `Statement ${period} ${dealerName}`,
  };
}

/**
 * 23:59:59 of `day` (YYYY-MM-DD) where local time is `utcOffsetMinutes` ahead of UTC, as an ISO instant: documents
 * of the month are dated by its business day, never by when a run happened to start.
 */
export function endOfBusinessDayIso(day: string, utcOffsetMinutes: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, 23, 59, 59) - utcOffsetMinutes * 60_000).toISOString();
}

/**
 * What the PDF activity renders as the statement of a dealer's first look (template, data, date and archive meta),
 * built the same by the look that renders it and by a child that renders it itself.
 */
export function statementRender(
  f: { dealerId: string; name: string; email: string; asOf: string; statementDataRef: { sha256: string } },
  s: { period: string; locale: 'zh-CN' | 'en'; utcOffsetMinutes: number },
  to: { workflowId: string; runId: string },
) {
  const { fileName, title } = statementNames(f.dealerId, f.name, s.period, s.locale);
  return {
    template: 'statement-of-account',
    dataRef: f.statementDataRef,
    locale: s.locale,
    generatedAt: endOfBusinessDayIso(f.asOf, s.utcOffsetMinutes),
    meta: {
      workflowId: to.workflowId,
      runId: to.runId,
      period: s.period,
      kind: 'statement' as const,
      fileName,
      title,
      dealerId: f.dealerId,
      recipients: [f.email],
    },
  };
}
