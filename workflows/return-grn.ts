/** The return's 入库单 (goods-received note): rendered and archived, then mailed to the dealer once. */
import { workflowInfo } from '@temporalio/workflow';
import type { ArchiveRef } from '../activities/archive/types';
import { formatFen } from '../domain/money';
import { creditDocNo, dispositionOf, grnDocNo, verdictLabel, type Resolution } from '../domain/returns';
import { renderDocument, returnActs } from './return-activities';
import type { SettledReturn } from './return-posting';
import { tr } from './return-text';

const RESOLUTION_TEXT: Record<Resolution, [string, string]> = {
  normal: ['', ''],
  'dealer-agreed': ['经销商同意鉴定结果', 'dealer agreed'],
  'dealer-deemed-agreed': ['经销商逾期未回复，视为同意', 'dealer did not answer in time (deemed agreed)'],
  'manager-upheld': ['经销商有异议，经理维持鉴定结论', 'dealer disputed; manager upheld the verdict'],
  'manager-overruled': ['经销商有异议，经理采纳经销商意见', "dealer disputed; manager accepted the dealer's claim"],
};

const resolutionTextOf = (s: SettledReturn): string => RESOLUTION_TEXT[s.resolution][s.policy.locale === 'en' ? 1 : 0];

/** Renders and archives the 入库单; `oldPartsBooked` says whether the part went into the old-parts warehouse. */
export async function renderGoodsReceivedNote(s: SettledReturn, oldPartsBooked: boolean): Promise<ArchiveRef> {
  const { ctx, policy, inspection, final, creditFen } = s;
  const { workflowId, runId } = workflowInfo();
  const no = ctx.line.returnNo;
  const en = policy.locale === 'en' ? 'en' : 'zh-CN';
  const grnNo = grnDocNo(no);
  const resolutionText = resolutionTextOf(s);
  const kept = oldPartsBooked ? final.qtyCredited : 0;
  return renderDocument({
    template: 'goods-received-note',
    locale: en,
    generatedAt: s.documentTime,
    data: {
      company: policy.companyName,
      grnNo,
      returnNo: no,
      ...(ctx.line.claimNo ? { claimNo: ctx.line.claimNo } : {}),
      registeredOn: ctx.line.date,
      receivedOn: s.receivedOn,
      inspectedOn: inspection.inspectedOn,
      dealer: { id: ctx.dealer.id, name: ctx.dealer.name, region: ctx.dealer.region },
      part: { partNo: ctx.part.partNo, name: ctx.part.name, supplier: ctx.part.supplier, model: ctx.part.model },
      qtyRegistered: ctx.line.qty,
      qtyAccepted: final.qtyCredited,
      ...(oldPartsBooked ? { location: final.verdict === 'supplier-responsible' ? '索赔区' : '报废区' } : {}),
      verdict: verdictLabel(final.verdict, en),
      failureMode: s.failureMode,
      disposition: dispositionOf(final.verdict, kept, en),
      ...(inspection.notes ? { notes: inspection.notes } : {}),
      ...(resolutionText ? { resolution: resolutionText } : {}),
      credit: { ...(creditFen > 0 ? { docNo: creditDocNo(no), date: s.creditDate } : {}), amountFen: creditFen },
      people: { warehouseKeeper: policy.people.warehouseOld.name, technician: policy.people.technician.name },
    },
    meta: {
      workflowId,
      runId,
      period: s.receivedOn.slice(0, 7),
      kind: 'grn',
      fileName: `入库单-${grnNo}.pdf`,
      title: tr(policy.locale, `旧件入库单 ${grnNo}`, `Goods-received note ${grnNo}`),
      dealerId: ctx.dealer.id,
      warehouse: 'old-parts',
      recipients: [ctx.dealer.email],
    },
  });
}

/** Mails the outcome and the 入库单 to the dealer (idempotent by workflow + step 'grn' + recipient). */
export async function mailGoodsReceivedNote(s: SettledReturn, grn: ArchiveRef): Promise<void> {
  const { ctx, policy, inspection, final, creditFen } = s;
  const no = ctx.line.returnNo;
  const en = policy.locale === 'en' ? 'en' : 'zh-CN';
  const resolutionText = resolutionTextOf(s);
  await returnActs.sendReturnMail({
    template: 'return-outcome',
    locale: en,
    key: { workflowId: workflowInfo().workflowId, step: 'grn', recipient: ctx.dealer.email },
    to: { name: ctx.dealer.name, address: ctx.dealer.email },
    attachments: [{ docId: grn.docId, sha256: grn.sha256 }],
    vars: {
      recipientName: ctx.dealer.contact ?? ctx.dealer.name,
      returnNo: no,
      grnNo: grnDocNo(no),
      verdict: verdictLabel(final.verdict, en),
      qtyRegistered: ctx.line.qty,
      qtyCredited: final.qtyCredited,
      ...(creditFen > 0 ? { creditAmount: formatFen(creditFen), creditDocNo: creditDocNo(no) } : {}),
      failureMode: s.failureMode,
      ...(resolutionText ? { resolution: resolutionText } : {}),
      ...(inspection.notes ? { notes: inspection.notes } : {}),
      documentId: grn.docId,
      sha256: grn.sha256,
      senderName: policy.companyName,
    },
  });
}
