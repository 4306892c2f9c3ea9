/**
 * Word pools for realistic sample data of a vehicle manufacturer's after-sales department. All names of
 * companies and people are invented.
 */

export const MODELS = ['JK6480', 'JK6530', 'JK1030', 'JK1040', 'JK5040XXY', 'JK6600EV'] as const;

export interface PartFamily {
  category: string;
  prefix: string;
  /** Zone of the new-parts warehouse where the family is stored. */
  zone: string;
  names: readonly string[];
  unit: readonly string[];
  /** Unit cost range in yuan. */
  cost: readonly [number, number];
}

export const PART_FAMILIES: readonly PartFamily[] = [
  {
    category: '发动机',
    prefix: 'FD',
    zone: 'A区',
    names: [
      '机油滤清器',
      '空气滤清器',
      '燃油滤清器',
      '火花塞',
      '点火线圈',
      '正时皮带',
      '水泵总成',
      '节温器',
      '气门室盖垫',
      '曲轴油封',
      '进气歧管垫',
      '发动机悬置',
    ],
    unit: ['个', '件', '套'],
    cost: [8, 1200],
  },
  {
    category: '变速箱',
    prefix: 'BS',
    zone: 'A区',
    names: ['离合器片', '离合器压盘', '分离轴承', '变速箱油封', '换挡拉线', '同步器环', '倒挡齿轮'],
    unit: ['件', '套', '根'],
    cost: [25, 2600],
  },
  {
    category: '制动',
    prefix: 'ZD',
    zone: 'B区',
    names: [
      '前制动片',
      '后制动片',
      '前制动盘',
      '后制动鼓',
      '制动分泵',
      '制动总泵',
      'ABS轮速传感器',
      '制动软管',
      '驻车制动拉线',
    ],
    unit: ['套', '件', '个', '根'],
    cost: [18, 980],
  },
  {
    category: '底盘',
    prefix: 'DP',
    zone: 'B区',
    names: ['转向横拉杆', '球头总成', '下摆臂', '稳定杆连杆', '传动轴', '轮毂轴承', '半轴油封', '转向机防尘套'],
    unit: ['件', '根', '个'],
    cost: [15, 1500],
  },
  {
    category: '悬架',
    prefix: 'XJ',
    zone: 'B区',
    names: ['前减震器', '后减震器', '螺旋弹簧', '减震器顶胶', '钢板弹簧', '缓冲块'],
    unit: ['只', '件', '副'],
    cost: [20, 860],
  },
  {
    category: '电气',
    prefix: 'DQ',
    zone: 'C区',
    names: [
      '蓄电池',
      '发电机',
      '起动机',
      '前大灯总成',
      '尾灯总成',
      '组合开关',
      '车窗升降器',
      '雨刮电机',
      '中控屏',
      '线束总成',
      '倒车雷达探头',
      '喇叭',
    ],
    unit: ['个', '件', '台', '套'],
    cost: [12, 3800],
  },
  {
    category: '空调',
    prefix: 'KT',
    zone: 'C区',
    names: ['空调压缩机', '冷凝器', '蒸发器', '膨胀阀', '鼓风机', '空调滤芯', '空调管路'],
    unit: ['台', '件', '个', '根'],
    cost: [15, 2900],
  },
  {
    category: '车身',
    prefix: 'CS',
    zone: 'D区',
    names: [
      '前保险杠',
      '后保险杠',
      '左前翼子板',
      '右前翼子板',
      '发动机盖',
      '后视镜总成',
      '门把手',
      '车门密封条',
      '挡风玻璃',
    ],
    unit: ['件', '个', '根'],
    cost: [30, 2400],
  },
];

export const SUPPLIERS = [
  '瑞安市恒达汽配有限公司',
  '浙江华信制动系统有限公司',
  '宁波东昇汽车电器有限公司',
  '芜湖中联底盘零部件有限公司',
  '重庆川渝减震器厂',
  '柳州桂通汽车配件有限公司',
  '长春一汇汽车部件有限公司',
  '苏州凯盛空调设备有限公司',
  '十堰鑫源传动件有限公司',
  '广州南粤车身件有限公司',
  '武汉楚天汽车电子有限公司',
  '天津津海滤清器有限公司',
  '合肥江淮密封件有限公司',
  '青岛海联汽车照明有限公司',
  '成都蜀锐动力配件有限公司',
  '无锡锡通轴承有限公司',
  '福州闽江玻璃有限公司',
  '西安秦川电机有限公司',
] as const;

/** The catalogue's supplier columns: code, claims contact and address for each supplier (all invented). */
export interface SupplierInfo {
  code: string;
  contact: string;
  email: string;
}

const SUPPLIER_CODES = [
  'RAHD',
  'HXZD',
  'NBDS',
  'WHZL',
  'CQCY',
  'LZGT',
  'CCYH',
  'SZKS',
  'SYXY',
  'GZNY',
  'WHCT',
  'TJJH',
  'HFJH',
  'QDHL',
  'CDSR',
  'WXXT',
  'FZMJ',
  'XAQC',
] as const;
const SUPPLIER_CONTACTS = ['钱经理', '孙主任', '李经理', '周工', '吴经理', '郑主管', '王经理', '冯经理', '陈主任'];

export const SUPPLIER_INFO: ReadonlyMap<string, SupplierInfo> = new Map(
  SUPPLIERS.map((name, i) => {
    const code = SUPPLIER_CODES[i]!;
    const contact = SUPPLIER_CONTACTS[i % SUPPLIER_CONTACTS.length]!;
    return [name, { code, contact, email: `claims-${code.toLowerCase()}@suppliers.example.cn` }];
  }),
);

export interface RegionInfo {
  region: string;
  cities: readonly string[];
}

export const REGIONS: readonly RegionInfo[] = [
  { region: '华东', cities: ['上海', '杭州', '南京', '苏州', '宁波', '合肥', '济南', '福州'] },
  { region: '华南', cities: ['广州', '深圳', '南宁', '海口', '东莞', '厦门'] },
  { region: '华北', cities: ['北京', '天津', '石家庄', '太原', '呼和浩特', '唐山'] },
  { region: '西南', cities: ['成都', '重庆', '昆明', '贵阳', '绵阳'] },
  { region: '西北', cities: ['西安', '兰州', '银川', '西宁', '乌鲁木齐'] },
  { region: '东北', cities: ['沈阳', '长春', '哈尔滨', '大连'] },
  { region: '华中', cities: ['武汉', '长沙', '郑州', '南昌', '宜昌'] },
];

export const DEALER_WORDS = [
  '顺达',
  '恒通',
  '华宇',
  '金马',
  '鑫源',
  '盛世',
  '永安',
  '广汇',
  '东风',
  '远航',
  '博瑞',
  '天成',
  '众诚',
  '宏运',
  '吉祥',
  '联众',
];
export const DEALER_SUFFIXES = ['汽车销售服务有限公司', '汽车贸易有限公司', '汽车服务站', '汽修有限公司', '特约维修站'];

export const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
];
export const GIVEN_NAMES = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '秀英',
  '建华',
  '志强',
  '海燕',
  '晓东',
  '丽华',
  '国庆',
];

export interface FailureModeInfo {
  code: string;
  name: string;
  category: '设计' | '制造' | '装配' | '供应商' | '使用';
  synonyms: readonly string[];
  /** Part categories this mode shows up on. */
  parts: readonly string[];
}

export const FAILURE_MODES: readonly FailureModeInfo[] = [
  {
    code: 'FM01',
    name: '漏油',
    category: '装配',
    synonyms: ['渗油', '油封漏油', '漏机油'],
    parts: ['发动机', '变速箱', '底盘'],
  },
  {
    code: 'FM02',
    name: '异响',
    category: '设计',
    synonyms: ['有异音', '响声异常', '咔咔响'],
    parts: ['底盘', '悬架', '变速箱', '车身'],
  },
  {
    code: 'FM03',
    name: '制动异响',
    category: '供应商',
    synonyms: ['刹车异响', '刹车尖叫', '制动尖叫'],
    parts: ['制动'],
  },
  { code: 'FM04', name: '制动抖动', category: '制造', synonyms: ['刹车抖动', '制动盘变形'], parts: ['制动'] },
  {
    code: 'FM05',
    name: '磨损过快',
    category: '供应商',
    synonyms: ['异常磨损', '偏磨', '早期磨损'],
    parts: ['制动', '底盘', '变速箱'],
  },
  { code: 'FM06', name: '断裂', category: '供应商', synonyms: ['折断', '断掉'], parts: ['底盘', '悬架', '车身'] },
  {
    code: 'FM07',
    name: '不工作',
    category: '供应商',
    synonyms: ['失效', '无反应', '功能失效'],
    parts: ['电气', '空调'],
  },
  { code: 'FM08', name: '短路', category: '制造', synonyms: ['烧保险', '线路短路'], parts: ['电气'] },
  { code: 'FM09', name: '接触不良', category: '装配', synonyms: ['插头松动', '时好时坏'], parts: ['电气'] },
  { code: 'FM10', name: '不制冷', category: '供应商', synonyms: ['制冷效果差', '空调不凉'], parts: ['空调'] },
  { code: 'FM11', name: '冷媒泄漏', category: '装配', synonyms: ['缺氟', '漏氟'], parts: ['空调'] },
  { code: 'FM12', name: '起动困难', category: '设计', synonyms: ['打不着火', '启动困难'], parts: ['发动机', '电气'] },
  { code: 'FM13', name: '过热', category: '设计', synonyms: ['水温高', '开锅'], parts: ['发动机'] },
  { code: 'FM14', name: '换挡困难', category: '设计', synonyms: ['挂挡困难', '挂不进挡'], parts: ['变速箱'] },
  { code: 'FM15', name: '离合打滑', category: '供应商', synonyms: ['离合器打滑'], parts: ['变速箱'] },
  { code: 'FM16', name: '漏水', category: '装配', synonyms: ['渗水', '进水'], parts: ['车身', '发动机'] },
  { code: 'FM17', name: '密封不严', category: '制造', synonyms: ['密封条脱落', '风噪大'], parts: ['车身'] },
  { code: 'FM18', name: '锈蚀', category: '制造', synonyms: ['生锈', '锈穿'], parts: ['车身', '底盘'] },
  { code: 'FM19', name: '掉漆', category: '制造', synonyms: ['漆面起泡', '油漆脱落'], parts: ['车身'] },
  { code: 'FM20', name: '减震失效', category: '供应商', synonyms: ['减震器漏油', '避震漏油'], parts: ['悬架'] },
  { code: 'FM21', name: '松旷', category: '装配', synonyms: ['间隙大', '旷量大'], parts: ['底盘', '悬架'] },
  {
    code: 'FM22',
    name: '使用不当',
    category: '使用',
    synonyms: ['操作不当', '超载使用'],
    parts: ['底盘', '悬架', '变速箱', '制动'],
  },
  { code: 'FM23', name: '黑屏', category: '设计', synonyms: ['中控黑屏', '屏幕不亮', '死机'], parts: ['电气'] },
  { code: 'FM24', name: '亏电', category: '设计', synonyms: ['电瓶亏电', '放电过快'], parts: ['电气'] },
];

export const RETURN_REASONS = ['三包更换', '质量问题', '错发', '多发', '索赔旧件'];
export const VERDICTS = ['三包同意', '拒绝', '供应商责任', '无故障'];
export const COMPLAINT_PHRASES = ['客户反映', '用户来电称', '服务站报告', '三包鉴定发现', '客户投诉'];
export const MILEAGE_PHRASES = ['行驶约', '里程', '车辆行驶'];
