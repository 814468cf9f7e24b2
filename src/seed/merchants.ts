import { goods, menu, produce, type CatalogItem } from './catalog.js';

export interface MerchantProfile {
  name: string;
  nameEn?: string;
  /** English-speaking shop: English discount names and more foreign cards. */
  english: boolean;
  /** UnionPay area code and merchant category code, the middle of the 15-digit merchant no. */
  area: string;
  mcc: string;
  store: { name: string; address: string; phone: string };
  terminals: number;
  /** Operators are "01" up to this. */
  staff: number;
  /** Part of all generated sales. */
  share: number;
  /** Relative traffic per local hour, 0 when closed. */
  hours: readonly number[];
  weekend: number;
  /** Card-slip amounts in yuan: log-normal around the median, clamped. */
  slip: { median: number; sigma: number; min: number; max: number; wholeYuan: boolean };
  /** Line count of a retail receipt. */
  lines: readonly [number, number];
  acquirer: string;
  foreignCards: number;
  receiptPrefix: string;
  discounts: readonly string[];
  items: readonly CatalogItem[];
}

function hours(busy: Record<number, number>): number[] {
  return Array.from({ length: 24 }, (_, h) => busy[h] ?? 0);
}

export const MERCHANTS: readonly MerchantProfile[] = [
  {
    name: '上海好又多超市有限公司',
    nameEn: 'TRUST-MART SUPERMARKET SHANGHAI',
    english: false,
    area: '2900',
    mcc: '5411',
    store: { name: '好又多超市(世纪大道店)', address: '上海市浦东新区世纪大道100号', phone: '021-58881234' },
    terminals: 3,
    staff: 12,
    share: 0.26,
    hours: hours({ 8: 0.6, 9: 0.8, 10: 1, 11: 1.3, 12: 1.2, 13: 0.9, 14: 0.8, 15: 0.9, 16: 1.1, 17: 1.6, 18: 1.8, 19: 1.5, 20: 1.1, 21: 0.6 }),
    weekend: 1.4,
    slip: { median: 118, sigma: 0.8, min: 5, max: 3000, wholeYuan: false },
    lines: [1, 10],
    acquirer: '银联商务',
    foreignCards: 0,
    receiptPrefix: 'S',
    discounts: ['会员折扣', '满100减10', '优惠'],
    items: [
      ...goods([
        ['可口可乐 330ml', 3.5, 6], ['康师傅红烧牛肉面', 4.5, 5], ['农夫山泉矿泉水 550ml', 2, 6], ['蒙牛纯牛奶 250ml×12', 49.9],
        ['伊利安慕希酸奶 205g', 5.5, 4], ['金龙鱼大米 5kg', 39.9], ['海天酱油 500ml', 12.8], ['鲁花花生油 5L', 139.9],
        ['维达抽纸 3层×6包', 24.9, 2], ['奥利奥饼干 116g', 8.9, 3], ['乐事薯片 70g', 7.5, 3], ['青岛啤酒 500ml', 5.8, 6],
        ['雀巢咖啡1+2 30条', 59], ['德芙巧克力 43g', 8.5, 3], ['鸡蛋 10枚', 14.9, 2], ['高露洁牙膏 140g', 15.9, 2],
        ['统一老坛酸菜牛肉面', 4.5, 5], ['旺旺雪饼 84g', 6.8, 2], ['娃哈哈AD钙奶 4瓶', 9.9, 2], ['舒肤佳香皂 115g', 6.9, 3],
      ]),
      ...produce([['散装红富士苹果', 12.8], ['香蕉', 6.98], ['五花肉', 32.8], ['西红柿', 7.98], ['大白菜', 2.58]]),
    ],
  },
  {
    name: '北京全聚德餐饮有限公司',
    nameEn: 'QUANJUDE ROAST DUCK RESTAURANT',
    english: false,
    area: '1000',
    mcc: '5812',
    store: { name: '全聚德(前门店)', address: '北京市东城区前门大街30号', phone: '010-67011379' },
    terminals: 2,
    staff: 8,
    share: 0.09,
    hours: hours({ 11: 0.8, 12: 2.2, 13: 1.6, 14: 0.4, 17: 0.6, 18: 1.8, 19: 2.2, 20: 1.4, 21: 0.5 }),
    weekend: 1.5,
    slip: { median: 420, sigma: 0.6, min: 38, max: 8000, wholeYuan: true },
    lines: [3, 10],
    acquirer: '中国银行',
    foreignCards: 0.05,
    receiptPrefix: 'QJD',
    discounts: ['会员折扣', '团购券'],
    items: menu([
      ['挂炉烤鸭(整只)', 268], ['挂炉烤鸭(半只)', 138], ['荷叶饼', 12, 3], ['芥末鸭掌', 48], ['火燎鸭心', 58], ['宫保虾球', 88],
      ['清炒时蔬', 32], ['鸭架汤', 28], ['米饭', 3, 6], ['燕京啤酒', 15, 6], ['北冰洋汽水', 10, 4], ['酸梅汤(扎)', 38],
      ['豌豆黄', 22, 2], ['京酱肉丝', 58], ['小吊梨汤', 18, 4],
    ]),
  },
  {
    name: '深圳华强北数码城',
    nameEn: 'HUAQIANGBEI DIGITAL MALL',
    english: false,
    area: '5840',
    mcc: '5732',
    store: { name: '华强北数码城 3F-318', address: '深圳市福田区华强北路1019号', phone: '0755-83218899' },
    terminals: 2,
    staff: 5,
    share: 0.07,
    hours: hours({ 10: 0.6, 11: 0.9, 12: 1, 13: 1.1, 14: 1.3, 15: 1.4, 16: 1.3, 17: 1.1, 18: 0.9, 19: 0.9, 20: 0.7 }),
    weekend: 1.6,
    slip: { median: 260, sigma: 1.1, min: 15, max: 20000, wholeYuan: true },
    lines: [1, 5],
    acquirer: '通联支付',
    foreignCards: 0.03,
    receiptPrefix: 'HQB',
    discounts: ['店庆优惠', '抹零'],
    items: goods([
      ['小米移动电源 10000mAh', 79], ['Type-C 数据线 1m', 19.9, 3], ['苹果 20W 充电器', 149], ['漫步者蓝牙耳机 W200BT', 199],
      ['华为路由器 AX3', 229], ['闪迪U盘 64GB', 49.9, 2], ['三星 microSD 128GB', 89, 2], ['罗技无线鼠标 M185', 79],
      ['手机钢化膜', 15, 2], ['手机壳', 29], ['绿联 HDMI 线 2m', 35], ['小米手环 8', 239], ['公牛插线板 6位', 59],
      ['索尼 WH-1000XM5 耳机', 2299], ['树莓派 4B 4GB', 499],
    ]),
  },
  {
    name: '成都红旗连锁便利店',
    nameEn: 'HONGQI CHAIN CONVENIENCE STORE',
    english: false,
    area: '6510',
    mcc: '5499',
    store: { name: '红旗连锁(春熙路店)', address: '成都市锦江区春熙路南段8号', phone: '028-86651234' },
    terminals: 1,
    staff: 4,
    share: 0.15,
    hours: hours({ 0: 0.3, 1: 0.2, 2: 0.1, 3: 0.1, 4: 0.1, 5: 0.2, 6: 0.5, 7: 1.2, 8: 1.4, 9: 0.9, 10: 0.8, 11: 1, 12: 1.3, 13: 1, 14: 0.8, 15: 0.8, 16: 0.9, 17: 1.2, 18: 1.3, 19: 1.1, 20: 1, 21: 0.9, 22: 0.7, 23: 0.5 }),
    weekend: 1.1,
    slip: { median: 32, sigma: 0.7, min: 3, max: 800, wholeYuan: false },
    lines: [1, 4],
    acquirer: '拉卡拉',
    foreignCards: 0,
    receiptPrefix: 'HQ',
    discounts: ['会员价'],
    items: goods([
      ['农夫山泉 550ml', 2, 4], ['红牛 250ml', 6, 2], ['康师傅冰红茶 500ml', 3.5, 3], ['茶叶蛋', 1.5, 4], ['关东煮(串)', 2.5, 6],
      ['全麦面包', 6.5], ['饭团', 7.5, 2], ['豆浆 300ml', 3], ['绿箭口香糖', 9.9], ['南孚电池 AA×2', 8], ['雪碧 330ml', 3, 4],
      ['卫龙辣条 106g', 5, 2], ['王老吉 310ml', 4.5, 4],
    ]),
  },
  {
    name: '屈臣氏个人护理商店(广州天河店)',
    nameEn: "WATSONS GUANGZHOU TIANHE",
    english: false,
    area: '5810',
    mcc: '5912',
    store: { name: '屈臣氏(天河城店)', address: '广州市天河区天河路208号天河城B1', phone: '020-85591234' },
    terminals: 2,
    staff: 6,
    share: 0.1,
    hours: hours({ 10: 0.6, 11: 0.9, 12: 1.1, 13: 1, 14: 1, 15: 1.1, 16: 1.2, 17: 1.3, 18: 1.5, 19: 1.5, 20: 1.2, 21: 0.7 }),
    weekend: 1.5,
    slip: { median: 128, sigma: 0.6, min: 10, max: 2000, wholeYuan: false },
    lines: [1, 6],
    acquirer: '银联商务',
    foreignCards: 0.02,
    receiptPrefix: 'W',
    discounts: ['会员积分抵扣', '第二件半价'],
    items: goods([
      ['曼秀雷敦润唇膏', 29.9, 2], ['欧莱雅洗面奶 125ml', 59.9], ['屈臣氏化妆棉', 14.9, 3], ['玉兰油面霜 50g', 199],
      ['屈臣氏面膜 10片', 99], ['维生素C咀嚼片', 68], ['邦迪创可贴', 12.5, 2], ['念慈菴枇杷膏', 26.8], ['博士伦护理液 300ml', 45],
      ['卸妆水 400ml', 89], ['安耐晒防晒霜 SPF50', 129], ['屈臣氏蒸馏水 1.5L', 4.5, 4],
    ]),
  },
  {
    name: 'Harbour City Books Ltd',
    english: true,
    area: '2900',
    mcc: '5942',
    store: { name: 'Harbour City Books', address: '1266 Nanjing Road West, Jing\'an, Shanghai', phone: '021-62881234' },
    terminals: 1,
    staff: 3,
    share: 0.06,
    hours: hours({ 10: 0.5, 11: 0.8, 12: 1, 13: 1, 14: 1.1, 15: 1.2, 16: 1.2, 17: 1.1, 18: 1, 19: 1, 20: 0.7 }),
    weekend: 1.7,
    slip: { median: 150, sigma: 0.6, min: 18, max: 3000, wholeYuan: false },
    lines: [1, 5],
    acquirer: 'Bank of China',
    foreignCards: 0.4,
    receiptPrefix: 'HCB-',
    discounts: ['Member 10% off', 'Book club voucher'],
    items: goods([
      ['Paperback novel', 68, 2], ['Hardcover biography', 158], ['The Three-Body Problem (EN)', 98], ["Children's picture book", 45, 3],
      ['Moleskine notebook', 168], ['Bookmark set', 25, 2], ['Lonely Planet China', 139], ['Chinese-English dictionary', 79],
      ['The Economist (issue)', 60], ['Fountain pen', 220], ['Greeting card', 18, 4], ['Gift wrapping', 10, 3],
    ]),
  },
  {
    name: 'Blue Bottle Coffee Shanghai',
    english: true,
    area: '2900',
    mcc: '5814',
    store: { name: 'Blue Bottle Coffee (Suzhou Creek)', address: '1 Guangfu Road, Jing\'an, Shanghai', phone: '021-63331234' },
    terminals: 2,
    staff: 7,
    share: 0.2,
    hours: hours({ 7: 0.8, 8: 2, 9: 1.8, 10: 1.3, 11: 1, 12: 0.9, 13: 1.2, 14: 1.4, 15: 1.2, 16: 0.9, 17: 0.6, 18: 0.4 }),
    weekend: 0.9,
    slip: { median: 52, sigma: 0.4, min: 28, max: 800, wholeYuan: true },
    lines: [1, 3],
    acquirer: 'China UMS',
    foreignCards: 0.3,
    receiptPrefix: 'BB',
    discounts: ['Staff discount', 'Bring your own cup'],
    items: menu([
      ['Flat White', 42, 2], ['Latte', 42, 2], ['Americano', 36, 2], ['Cappuccino', 40, 2], ['New Orleans Iced Coffee', 45, 2],
      ['Cold Brew', 42], ['Pour Over (single origin)', 58], ['Hot Chocolate', 40], ['Liège Waffle', 38, 2], ['Croissant', 28, 2],
      ['Bella Donovan beans 200g', 168], ['Oat milk', 6, 2],
    ]),
  },
  {
    name: 'The Bund Wine Cellar Ltd',
    english: true,
    area: '2900',
    mcc: '5921',
    store: { name: 'The Bund Wine Cellar', address: '18 Zhongshan East 1st Road, Huangpu, Shanghai', phone: '021-63239898' },
    terminals: 1,
    staff: 3,
    share: 0.07,
    hours: hours({ 11: 0.4, 12: 0.5, 13: 0.6, 14: 0.6, 15: 0.7, 16: 0.9, 17: 1.2, 18: 1.5, 19: 1.6, 20: 1.4, 21: 1, 22: 0.6 }),
    weekend: 1.4,
    slip: { median: 460, sigma: 0.7, min: 38, max: 20000, wholeYuan: true },
    lines: [1, 6],
    acquirer: 'ICBC',
    foreignCards: 0.45,
    receiptPrefix: 'BWC',
    discounts: ['Case discount', 'Member price'],
    items: goods([
      ['Bordeaux red 750ml', 288, 3], ['Chablis 750ml', 358, 2], ['Prosecco 750ml', 198, 3], ['Penfolds Bin 389', 680],
      ['长城干红 750ml', 128, 3], ['Junmai sake 720ml', 238], ['Craft beer 330ml', 38, 6], ['Corkscrew', 88], ['Gift box', 30, 2],
      ['Tasting flight', 128, 2],
    ]),
  },
];
