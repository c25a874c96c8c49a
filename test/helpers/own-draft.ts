/**
 * A draft written for the drafting desk's tests (not taken from any document), but for one sentence it lifts word for
 * word from Jiangsu's 2018 opinion in seeds/ (001), so that reuse has something to find.
 */

/** Jiangsu's sentence (001, 2018-06-25), lifted into clause (三) below. */
export const LIFTED = '在基础设施、重大工程、重点项目建设中,优先采购首台(套)重大装备及关键零部件等自主新产品。';

export const OWN_DRAFT = [
  '某市关于加快制造业高质量发展的若干政策措施（征求意见稿）',
  '一、总体要求',
  '到2027年，全市规上工业企业研发投入占营业收入比重达到3%，培育省级专精特新中小企业100家。',
  '二、主要措施',
  '(一)梯度培育优质企业。建立专精特新企业培育库，对首次认定的国家级专精特新“小巨人”企业给予一次性奖励50万元。',
  '(二)推进智能化改造和数字化转型。支持企业建设智能工厂和数字化车间，按设备投资额的10%给予补助，单个项目最高200万元。',
  `(三)支持首台(套)推广应用。${LIFTED}对首台(套)装备投保给予保费补贴。`,
  '(四)加强人才引育。对引进的高层次人才给予安家补贴，最高100万元。',
].join('\n');
