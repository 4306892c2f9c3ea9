/**
 * The logical spreadsheet schemas (docs: /work/brief/SCHEMAS.md), defined once. Each field lists its Chinese and
 * English header plus the other names staff use for the same column; matching ignores case, spaces, line breaks,
 * full-width/half-width forms and punctuation, and bracketed notes such as "（元）".
 */
import { field, optional } from './field-types';
import { defineSchema, type RecordOf } from './schema';

const DAYS = ['天', '日', 'days', 'day'];

const partNo = field.code({
  zh: '配件编号',
  en: 'Part No',
  aliases: [
    '配件号',
    '配件代码',
    '零件号',
    '零件编号',
    '物料编码',
    '物料号',
    '图号',
    'Part Number',
    'P/N',
    'PN',
    'Part#',
  ],
});
const partName = field.text({
  zh: '配件名称',
  en: 'Part Name',
  aliases: ['零件名称', '物料名称', '品名', 'Description of Part'],
});
const unitCost = field.money(
  { zh: '单价', en: 'Unit Cost', aliases: ['成本单价', '单位成本', '单价元', 'Unit Price', 'Cost', 'Price'] },
  { sign: 'nonNegative' },
);
const warehouse = field.enum(
  { zh: '仓库', en: 'Warehouse', aliases: ['仓库名称', '库房', 'WH'] },
  {
    'new-parts': ['新件库', '新件', '新品库', '配件库', 'new parts', 'new'],
    'old-parts': ['旧件库', '旧件', '旧品库', '三包旧件库', 'old parts', 'old'],
  },
);
const date = field.date({ zh: '日期', en: 'Date', aliases: ['业务日期', '单据日期', '发生日期'] });
const qty = field.decimal({ zh: '数量', en: 'Qty', aliases: ['Quantity', '件数'] });
const docNo = field.code({
  zh: '单据号',
  en: 'Document No',
  aliases: ['单号', '单据编号', '凭证号', 'Doc No', 'Document Number', 'Doc #'],
});
const dealerId = field.code({
  zh: '经销商编号',
  en: 'Dealer ID',
  aliases: ['经销商代码', '网点编号', '网点代码', '服务站编号', '客户编号', 'Dealer Code', 'Dealer No'],
});
const returnNo = field.code({ zh: '退回单号', en: 'Return No', aliases: ['退货单号', '返件单号', 'Return Number'] });
const region = field.text({ zh: '区域', en: 'Region', aliases: ['大区', '片区', '地区'] });
const supplier = field.text({ zh: '供应商', en: 'Supplier', aliases: ['供应商名称', '厂家', '配套厂家', 'Vendor'] });

export const parts = defineSchema(
  'parts',
  { 'zh-CN': '配件', en: 'Parts' },
  {
    partNo,
    name: partName,
    category: optional(field.text({ zh: '类别', en: 'Category', aliases: ['分类', '配件类别'] })),
    unit: optional(field.text({ zh: '单位', en: 'Unit', aliases: ['计量单位', 'UOM', 'UoM'] })),
    unitCost: optional(unitCost),
    supplier: optional(supplier),
    model: optional(field.text({ zh: '适用车型', en: 'Model', aliases: ['车型', '机型', '适用机型'] })),
    // Supplier recovery claims go to the supplier and contact the catalogue names for the part.
    supplierCode: optional(
      field.code({ zh: '供应商代码', en: 'Supplier Code', aliases: ['供应商编号', '供方代码', 'Vendor Code'] }),
    ),
    supplierContact: optional(
      field.text({ zh: '供应商联系人', en: 'Supplier Contact', aliases: ['供方联系人', 'Vendor Contact'] }),
    ),
    supplierEmail: optional(
      field.email({ zh: '供应商邮箱', en: 'Supplier Email', aliases: ['供应商电子邮箱', '供方邮箱', 'Vendor Email'] }),
    ),
  },
);

export const stockLedger = defineSchema(
  'stockLedger',
  { 'zh-CN': '库存台账', en: 'Stock ledger' },
  {
    warehouse,
    zone: optional(field.text({ zh: '库区', en: 'Zone', aliases: ['区域', '区', 'Area'] })),
    partNo,
    partName: optional(partName),
    location: field.code({ zh: '库位', en: 'Location', aliases: ['货位', '储位', '库位号', 'Bin', 'Bin Location'] }),
    bookQty: field.decimal(
      {
        zh: '账面数量',
        en: 'Book Qty',
        aliases: ['账面数', '账存数量', '账面库存', '系统数量', 'Book Quantity', 'System Qty'],
      },
      { sign: 'nonNegative' },
    ),
    cardQty: optional(
      field.decimal(
        { zh: '卡片数量', en: 'Bin Card Qty', aliases: ['卡片数', '卡存数量', '卡片库存', 'Card Qty'] },
        { sign: 'nonNegative' },
      ),
    ),
    unitCost,
    category: optional(field.text({ zh: '类别', en: 'Category', aliases: ['分类', '配件类别'] })),
    lastMovement: optional(
      field.date({
        zh: '最后变动日期',
        en: 'Last Movement',
        aliases: ['最后变动', '最近变动日期', '最近出入库日期', 'Last Movement Date'],
      }),
    ),
  },
);

export const stockMovements = defineSchema(
  'stockMovements',
  { 'zh-CN': '出入库流水', en: 'Stock movements' },
  {
    date,
    warehouse,
    partNo,
    location: optional(field.code({ zh: '库位', en: 'Location', aliases: ['货位', '储位', 'Bin'] })),
    qty,
    docNo: optional(docNo),
  },
);

export const dealers = defineSchema(
  'dealers',
  { 'zh-CN': '经销商', en: 'Dealers' },
  {
    dealerId,
    name: field.text({
      zh: '经销商名称',
      en: 'Dealer Name',
      aliases: ['网点名称', '服务站名称', '经销商', '客户名称'],
    }),
    region: optional(region),
    email: field.email({ zh: '邮箱', en: 'Email', aliases: ['电子邮箱', '邮件', '电子邮件', 'E-mail', 'Mail'] }),
    contact: optional(field.text({ zh: '联系人', en: 'Contact', aliases: ['联系人姓名', 'Contact Person'] })),
    creditLimit: optional(
      field.money({ zh: '信用额度', en: 'Credit Limit', aliases: ['授信额度'] }, { sign: 'nonNegative' }),
    ),
    paymentTermsDays: optional(
      field.int(
        { zh: '账期(天)', en: 'Payment Terms (days)', aliases: ['账期', '付款期限', '信用期', 'Payment Terms'] },
        { units: DAYS, sign: 'nonNegative' },
      ),
    ),
    creditHold: optional(
      field.boolean(
        { zh: '信用冻结', en: 'Credit Hold', aliases: ['冻结', '是否冻结'] },
        { yes: ['冻结', '已冻结', 'hold'], no: ['正常', '未冻结'] },
      ),
    ),
    dunningBlock: optional(
      field.boolean(
        { zh: '催款冻结', en: 'Dunning Block', aliases: ['暂停催款', '停止催款'] },
        { yes: ['暂停'], no: ['正常'] },
      ),
    ),
  },
);

export const dealerTransactions = defineSchema(
  'dealerTransactions',
  { 'zh-CN': '往来账', en: 'Dealer transactions' },
  {
    date,
    dealerId,
    type: field.enum(
      { zh: '类型', en: 'Type', aliases: ['业务类型', '单据类型', 'Transaction Type', '摘要类型'] },
      {
        shipment: [
          '发货',
          '销售',
          '出库',
          '销售出库',
          '发货单',
          '销售发货',
          '开票',
          '应收',
          'invoice',
          'sale',
          'sales',
        ],
        payment: ['回款', '收款', '付款', '到账', '汇款', '银行收款', '现金收款', '货款', 'receipt', 'payment'],
        credit: [
          '退货抵扣',
          '退货',
          '退货冲账',
          '红冲',
          '冲账',
          '抵扣',
          '贷项',
          '折让',
          '返利',
          'credit note',
          'return',
          'credit',
        ],
        fee: ['费用', '服务费', '手续费', '利息', '滞纳金', '运费', 'charge', 'fee', 'interest'],
      },
    ),
    docNo,
    amount: field.money({ zh: '金额', en: 'Amount', aliases: ['发生额', '金额元', '金额(元)'] }, { sign: 'positive' }),
    dueDate: optional(field.date({ zh: '到期日', en: 'Due Date', aliases: ['到期日期', '应收日期', '付款到期日'] })),
    refDocNo: optional(
      field.code({
        zh: '核销单据号',
        en: 'Applies To',
        aliases: ['核销单号', '对应单据号', '关联单据号', 'Ref Doc No'],
      }),
    ),
    note: optional(field.text({ zh: '备注', en: 'Note', aliases: ['说明', '摘要', 'Remark', 'Remarks', 'Memo'] })),
    debit: optional(
      field.money(
        { zh: '借方', en: 'Debit', aliases: ['借方金额', '借方发生额', '应收金额', 'Debit Amount'] },
        { sign: 'nonNegative' },
      ),
    ),
    credit: optional(
      field.money(
        { zh: '贷方', en: 'Credit', aliases: ['贷方金额', '贷方发生额', '已收金额', 'Credit Amount'] },
        { sign: 'nonNegative' },
      ),
    ),
  },
  (r) =>
    (r.type === 'shipment' || r.type === 'fee') && r.dueDate === null
      ? [
          {
            field: 'dueDate',
            message: { 'zh-CN': '发货和费用必须填写到期日', en: 'shipments and fees need a due date' },
          },
        ]
      : [],
  {
    amount: 'amount',
    type: 'type',
    debit: 'debit',
    credit: 'credit',
    docNo: 'docNo',
    date: 'date',
    party: 'dealerId',
    dueDate: 'dueDate',
    debitTypes: ['shipment', 'fee'],
    defaultDebit: 'shipment',
    defaultCredit: 'payment',
  },
);

export const qualityEvents = defineSchema(
  'qualityEvents',
  { 'zh-CN': '质量信息', en: 'Quality events' },
  {
    date,
    source: field.enum(
      { zh: '来源', en: 'Source', aliases: ['信息来源', '信息类别'] },
      {
        complaint: ['投诉', '客诉', '客户投诉'],
        call: ['来电', '电话', '热线'],
        inspection: ['三包鉴定', '鉴定', '旧件鉴定', '三包'],
        return: ['退货', '退回', '旧件退回'],
      },
    ),
    model: field.text({ zh: '产品型号', en: 'Model', aliases: ['型号', '车型', '机型', 'Product Model'] }),
    partNo: optional(partNo),
    partName: optional(partName),
    failureMode: optional(
      field.text({ zh: '故障模式', en: 'Failure Mode', aliases: ['故障类型', '失效模式', '故障现象'] }),
    ),
    supplier: optional(supplier),
    dealerId: optional(dealerId),
    region: optional(region),
    vin: optional(
      field.code({ zh: '车架号', en: 'VIN', aliases: ['VIN码', '序列号', '出厂编号', '机号', 'Serial', 'Serial No'] }),
    ),
    severity: optional(
      field.enum(
        { zh: '严重度', en: 'Severity', aliases: ['严重程度', '等级', '故障等级'] },
        {
          A: ['A级', '1', '一级', '严重', '致命', '重大', '高', 'critical', 'high', 'severe'],
          B: ['B级', '2', '二级', '一般', '中', '较严重', 'major', 'medium'],
          C: ['C级', '3', '三级', '轻微', '低', '轻度', 'minor', 'low'],
        },
      ),
    ),
    qty: optional(field.int({ zh: '数量', en: 'Qty', aliases: ['Quantity', '件数', '台数'] }, { sign: 'nonNegative' })),
    description: optional(field.text({ zh: '故障描述', en: 'Description', aliases: ['问题描述', '描述', '故障说明'] })),
    closedAt: optional(
      field.date({
        zh: '处理完成日期',
        en: 'Closed',
        aliases: ['完成日期', '关闭日期', '结案日期', 'Closed At', 'Closed Date'],
      }),
    ),
    // Rows appended by return processing carry it: the row's stable key (see RowRef.key).
    returnNo: optional(returnNo),
  },
);

export const failureModes = defineSchema(
  'failureModes',
  { 'zh-CN': '故障模式目录', en: 'Failure modes' },
  {
    code: field.code({ zh: '代码', en: 'Code', aliases: ['编码', '故障代码', '故障模式代码'] }),
    name: field.text({ zh: '故障模式', en: 'Failure Mode', aliases: ['故障名称', '名称'] }),
    category: optional(field.text({ zh: '分类', en: 'Category', aliases: ['类别', '责任分类'] })),
    synonyms: optional(field.list({ zh: '同义词', en: 'Synonyms', aliases: ['别名', '近义词'] })),
  },
);

export const returns = defineSchema(
  'returns',
  { 'zh-CN': '旧件退回', en: 'Returns' },
  {
    returnNo,
    date,
    dealerId,
    partNo,
    qty: field.int({ zh: '数量', en: 'Qty', aliases: ['Quantity', '件数', '退回数量'] }, { sign: 'positive' }),
    claimNo: optional(
      field.code({ zh: '索赔单号', en: 'Claim No', aliases: ['三包单号', '索赔编号', 'Claim Number'] }),
    ),
    reason: optional(field.text({ zh: '退回原因', en: 'Reason', aliases: ['退货原因', '原因'] })),
    received: optional(
      field.date({ zh: '收货日期', en: 'Received', aliases: ['到货日期', '签收日期', 'Received Date'] }),
    ),
    verdict: optional(
      field.enum(
        { zh: '鉴定结论', en: 'Verdict', aliases: ['鉴定结果', '判定'] },
        {
          accepted: ['三包同意', '同意', '符合三包', '属实'],
          rejected: ['拒绝', '不符合三包', '不予三包', '驳回'],
          'supplier-responsible': ['供应商责任', '供方责任', 'supplier'],
          'no-fault-found': ['无故障', '未发现故障', 'NFF', 'no fault found'],
        },
      ),
    ),
    status: optional(field.text({ zh: '状态', en: 'Status', aliases: ['处理状态'] })),
    amount: optional(
      field.money({ zh: '索赔金额', en: 'Claim Amount', aliases: ['金额', 'Amount'] }, { sign: 'nonNegative' }),
    ),
  },
);

export const productionVolumes = defineSchema(
  'productionVolumes',
  { 'zh-CN': '产量', en: 'Production volumes' },
  {
    month: field.month({ zh: '月份', en: 'Month', aliases: ['年月', '生产月份'] }),
    model: field.text({ zh: '产品型号', en: 'Model', aliases: ['型号', '车型', '机型', 'Product Model'] }),
    volume: field.int(
      { zh: '产量', en: 'Volume', aliases: ['生产数量', '台数', 'Production Volume'] },
      { sign: 'nonNegative' },
    ),
  },
);

/** Every schema by name, e.g. for config files that name a schema. */
export const schemas = {
  parts,
  stockLedger,
  stockMovements,
  dealers,
  dealerTransactions,
  qualityEvents,
  failureModes,
  returns,
  productionVolumes,
} as const;
export type SchemaName = keyof typeof schemas;

export type PartRow = RecordOf<typeof parts.fields>;
export type StockLedgerRow = RecordOf<typeof stockLedger.fields>;
export type StockMovementRow = RecordOf<typeof stockMovements.fields>;
export type DealerRow = RecordOf<typeof dealers.fields>;
export type DealerTransactionRow = RecordOf<typeof dealerTransactions.fields>;
export type QualityEventRow = RecordOf<typeof qualityEvents.fields>;
export type FailureModeRow = RecordOf<typeof failureModes.fields>;
export type ReturnRow = RecordOf<typeof returns.fields>;
export type ProductionVolumeRow = RecordOf<typeof productionVolumes.fields>;
