/**
 * The domain model shared by every stage of the pipeline (ingest → text → embed → index → search → server).
 * Names follow the domain: a document (政策文件) has sections (章节) and paragraphs (条款, the retrieval unit).
 */

/** Metadata of one policy document. `null` where neither the manifest nor the text says. */
export interface DocumentMeta {
  /** Stable id: the file name without its extension, e.g. `000_dcbe0bbe788de573`. */
  id: string;
  /** Source file name, e.g. `000_dcbe0bbe788de573.txt`. */
  file: string;
  title: string | null;
  /** Issuing body (发文机关). */
  issuer: string | null;
  /**
   * Signature date, ISO `YYYY-MM-DD`, `YYYY-MM` when only the month is given, `YYYY` when only the year (a
   * compendium's cover). A regulation's is the later of the day it was adopted (通过) and the day it was approved (批准).
   */
  date: string | null;
  /** A regulation's adoption date (…会议通过), ISO. */
  adoptedDate: string | null;
  /** A regulation's approval date (…会议批准: a city's regulation approved by the province's congress), ISO. */
  approvedDate: string | null;
  /** Date the web page was posted (发布时间), ISO. */
  postedDate: string | null;
  /** Document number (发文字号), e.g. `苏政发〔2018〕86号`. */
  docNumber: string | null;
  /**
   * The place (地区) the policy governs, as the comparison column names it: `昆山市`, `江苏省`, a district with its
   * city `广州市天河区` (src/text/places.ts). Null when no place could be resolved: the document is then shown under
   * 未标注地区.
   */
  city: string | null;
  /** GB/T 2260 code of the place, 6 digits (`320583`); null when the place is not in the gazetteer. */
  placeCode: string | null;
  /** The place's kind in Chinese: 省, 直辖市, 自治区, 地级市, 副省级市, 自治州, 市辖区, 县, 县级市, 旗 … */
  placeKind: string | null;
  /** Administrative level: `province`, `prefecture` or `county` (市辖区, 县, 县级市, 旗, 自治县 …). */
  level: string | null;
  /** The place's parent: the prefecture of a county, the province of a prefecture; null for a province. */
  parent: string | null;
  parentCode: string | null;
  province: string | null;
  /** Document type, one of DOCUMENT_TYPES in src/text/metadata.ts: 地方性法规, 规范性文件, 实施方案, 汇编 … */
  docType: string | null;
  /** Plan period as written or normalised, e.g. `2023–2027`. */
  planPeriod: string | null;
}

/** The part of a document a paragraph belongs to. */
export type DocumentPart = 'main' | 'attachment';

/** One heading found in a document, with its position in the outline. */
export interface SectionHeading {
  /** 1 = 一、 / 第一章, 2 = (一), 3 = 1. / 1、, 4 = (1); attachments (附件N) are level 0. 第N条 articles are level 3, and (一) / 1. / (1) inside an article nest below it (4, 5, 6). */
  level: number;
  /** The numbering as written, e.g. `二、`, `(四)`, `1.`, `附件1`. */
  label: string;
  /** The full heading text as it appears in the section path, e.g. `(四)深化产业智改数转`. */
  title: string;
  /** Full path of this heading from the top, including itself. */
  path: string[];
  /** Ordinal of the first paragraph under this heading (or the one carrying it). */
  firstParagraph: number;
}

/**
 * The policy a clause of a compendium (政策汇编) card comes from, as the card states it: a result cites these
 * rather than the compendium alone. Values as written on the card; `null` where the card leaves a field out (or
 * writes `/`).
 */
export interface ParagraphSource {
  /** 依据文件: the policy document(s) the card is based on, e.g. `《北京市关于促进“专精特新”中小企业高质量发展的若干措施》`. */
  basis: string | null;
  /** 发文机构: the issuing body. */
  issuer: string | null;
  /** 发文字号: the document number. */
  docNumber: string | null;
  /** 发布日期 / 发文时间, ISO when it reads as a date. */
  date: string | null;
  /** 工具分类: the kind of policy tool, e.g. `资金支持`. */
  tool: string | null;
  /** 服务对象: who the measure is for. */
  audience: string | null;
}

/** A paragraph (clause) as the text stage produces it: pure data, no ids yet beyond its ordinal. */
export interface ParsedParagraph {
  /** 0-based position in the document. */
  ordinal: number;
  /** Section path from the top, e.g. `["二、重点任务", "(四)深化产业智改数转", "1. 推动企业智能化改造"]`. */
  sectionPath: string[];
  /** The clause text, cleaned, without the `(责任单位:…)` note. Headings that open the clause stay in it. */
  text: string;
  part: DocumentPart;
  /** `table-row` for flattened table rows `a | b | c`; their `columns` hold the table header. */
  kind: 'text' | 'table-row';
  /** Column headers of the table this row belongs to (table rows only). */
  columns?: string[];
  /**
   * Responsible departments from `(责任单位:…)`, split on 、/，/, ; a lead unit, where the note says which lead (牵头责任单位,
   * 逗号前为牵头单位), written 区经信局（牵头）; an item's note covers its earlier paragraphs, and a note's 以下均需各区镇落实
   * adds 各区镇 to the later notes' (src/text/paragraphs.ts `extractResponsible`).
   */
  responsible: string[];
  /** Ordinal of an earlier paragraph in the same document with the same content, or null. */
  duplicateOf: number | null;
  /** For a compendium card's clause: the policy the card cites (依据文件, 发文机构, …). */
  source?: ParagraphSource;
  /**
   * For a part of a clause over 500 characters (src/text/paragraphs.ts `MAX_PARAGRAPH_LENGTH`), cut at sentence ends: which part (1-based)
   * of how many. The drafting desk shows the parts as parts of one clause; the index does not store it.
   */
  split?: { part: number; of: number };
}

/** What the text stage returns for one document. */
export interface ParsedDocument {
  /** Metadata extracted from the text alone (the manifest's fields are merged over it later). */
  meta: Omit<DocumentMeta, 'id' | 'file'>;
  sections: SectionHeading[];
  paragraphs: ParsedParagraph[];
  /** Lines the cleaner removed, with the rule that removed them (for audits and tests). */
  removed: { line: string; rule: string }[];
  /** What the indexer should say about the text (another document found in the same file). */
  warnings?: string[];
}
