import { describe, expect, it } from 'vitest';
import {
  assembleParagraphs,
  endsSentence,
  extractResponsible,
  isRosterLine,
  MAX_PARAGRAPH_LENGTH,
  splitLongParagraph,
  splitResponsible,
  unitName,
  leadUnits,
} from '../../src/text/paragraphs.js';

const assemble = (text: string, skip: number[] = []) =>
  assembleParagraphs(text.split('\n').map((t, i) => ({ text: t, skip: skip.includes(i) })));

describe('extractResponsible', () => {
  it('removes a half-width note and splits the departments', () => {
    expect(extractResponsible('建设公共服务平台。(责任单位:市工信局、市发改委,各区镇)')).toEqual({
      text: '建设公共服务平台。',
      responsible: ['市工信局', '市发改委', '各区镇'],
    });
  });
  it('reads 牵头责任单位 and 配合责任单位 (巴中恩阳\'s notes) as it reads 责任单位, the lead units marked as lead', () => {
    expect(extractResponsible('严厉打击骗税行为。（牵头责任单位：区财政局、区税务局；配合责任单位：区发改局）')).toEqual({
      text: '严厉打击骗税行为。',
      responsible: ['区财政局（牵头）', '区税务局（牵头）', '区发改局'],
    });
    // 巴中's 80 notes had been one merged list (责任单位：区经信局、区财政局), lead and partner alike.
    expect(extractResponsible('分别给予一定奖补资金。（牵头责任单位：区经信局；责任单位：区财政局）').responsible).toEqual(['区经信局（牵头）', '区财政局']);
    expect(unitName('区经信局（牵头）')).toBe('区经信局');
    // The lead units by name, as the API's `leads` and the CSVs' `lead` give them; a note that says none leads gives none.
    expect(leadUnits(['区财政局（牵头）', '区税务局（牵头）', '区发改局'])).toEqual(['区财政局', '区税务局']);
    expect(leadUnits(['市工信局', '市发改委'])).toEqual([]);
  });
  it('handles full-width brackets and nested brackets inside the note', () => {
    expect(extractResponsible('做好资金保障。（责任单位：市财政局（国资办）、金融办；人行）')).toEqual({
      text: '做好资金保障。',
      responsible: ['市财政局（国资办）', '金融办', '人行'],
    });
  });
  it('reads a note in 〔〕 with brackets nested inside, keeping its instruction in the text', () => {
    expect(extractResponsible('加大信贷支持。〔责任单位:财政厅、团省委，各市(州)人民政府。以下均需各地落实(下同)〕')).toEqual({
      text: '加大信贷支持。〔以下均需各地落实(下同)〕',
      responsible: ['财政厅', '团省委', '各市(州)人民政府'],
      following: ['各地'],
    });
  });
  it('reads 牵头单位 and 配合单位 in one note', () => {
    expect(extractResponsible('完善评价机制。（牵头单位：市统计局；配合单位：市经信局、市科技局）').responsible).toEqual(['市统计局（牵头）', '市经信局', '市科技局']);
  });
  it('keeps the note’s own instruction (以下均需…,不再列出) in the text and returns the units it gives every later item', () => {
    // 昆山 000 p0012: the instruction had been dropped from the text and the field alike (s21 ingest audit, finding 8).
    expect(extractResponsible('培育产业集群。(责任单位:市发改委、工信局,各区镇负责落实。以下均需各区镇落实,不再列出)')).toEqual({
      text: '培育产业集群。(以下均需各区镇落实,不再列出)',
      responsible: ['市发改委', '工信局', '各区镇'],
      following: ['各区镇'],
    });
    // 四川 p0003: the comma parts lead and partners, here and (下同) in the notes after it.
    expect(extractResponsible('提供创业启动资金贷款。〔责任单位:财政厅、团省委，人力资源社会保障厅、各市(州)人民政府。以下均需各市(州)人民政府落实，不再列出。(逗号前为牵头单位，下同)〕')).toEqual({
      text: '提供创业启动资金贷款。〔以下均需各市(州)人民政府落实，不再列出。(逗号前为牵头单位，下同)〕',
      responsible: ['财政厅（牵头）', '团省委（牵头）', '人力资源社会保障厅', '各市(州)人民政府'],
      following: ['各市(州)人民政府'],
      commaLeadsAfter: true,
    });
    expect(extractResponsible('优化担保基金运作。(责任单位:财政厅，人力资源社会保障厅、人民银行四川省分行)', { commaLeads: true }).responsible).toEqual(['财政厅（牵头）', '人力资源社会保障厅', '人民银行四川省分行']);
    // A comma says nothing of the lead where the document has not said so (安徽's notes, 004's ,各区镇).
    expect(extractResponsible('推进建设。（责任单位：省通信管理局，省铁塔公司、各基础电信企业）').responsible).toEqual(['省通信管理局', '省铁塔公司', '各基础电信企业']);
  });
  it('leaves text without a note unchanged', () => {
    expect(extractResponsible('推进(园区)建设。')).toEqual({ text: '推进(园区)建设。', responsible: [] });
  });
});

describe('splitResponsible', () => {
  it('removes the spaces a wrapped table cell leaves', () => {
    expect(splitResponsible('市商务局、 市发改局、 市工业强市领导 小组办公室')).toEqual(['市商务局', '市发改局', '市工业强市领导小组办公室']);
  });
});

describe('endsSentence', () => {
  it.each([
    ['推进建设。', true],
    ['推进建设；', true],
    ['各单位：', true],
    ['称为“标杆”。”', true],
    ['推进建设。(责任单位:市工信局)', true],
    ['推动商业', false],
    ['推进“标杆企业”', false],
  ])('%s → %s', (text, expected) => expect(endsSentence(text)).toBe(expected));
});

describe('splitLongParagraph', () => {
  const sentence = (i: number) => `第${i}项工作要加快推进产业集群建设并完善配套政策体系和服务保障机制。`;
  const long = Array.from({ length: 30 }, (_, i) => sentence(i)).join('');

  it('keeps short paragraphs whole', () => {
    expect(splitLongParagraph('推进建设。')).toEqual(['推进建设。']);
  });
  it('splits at sentence ends into parts of at most the limit and roughly equal size', () => {
    const parts = splitLongParagraph(long);
    expect(long.length).toBeGreaterThan(MAX_PARAGRAPH_LENGTH);
    expect(parts.join('')).toBe(long);
    expect(parts.length).toBe(Math.ceil(long.length / MAX_PARAGRAPH_LENGTH));
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(MAX_PARAGRAPH_LENGTH);
      expect(p.endsWith('。')).toBe(true);
    }
    const sizes = parts.map((p) => p.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThan(long.length / parts.length / 2);
  });
  it('falls back to commas when a single sentence is too long', () => {
    const oneSentence = Array.from({ length: 60 }, (_, i) => `第${i}个方面的工作`).join('，') + '。';
    const parts = splitLongParagraph(oneSentence, 200);
    expect(parts.join('')).toBe(oneSentence);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(200);
  });
});

describe('assembleParagraphs', () => {
  it('gives every clause the path of headings above it; heading-only lines are context', () => {
    const { paragraphs, sections } = assemble(
      ['一、重点任务', '(一)推动智能化改造', '1. 建设智能工厂。支持企业开展智能化改造。', '加强示范引领，推广成功经验。', '二、保障措施', '(一)加强组织领导。建立工作机制。'].join('\n'),
    );
    expect(paragraphs.map((p) => [p.text, p.sectionPath])).toEqual([
      ['1. 建设智能工厂。支持企业开展智能化改造。', ['一、重点任务', '(一)推动智能化改造', '1. 建设智能工厂']],
      ['加强示范引领，推广成功经验。', ['一、重点任务', '(一)推动智能化改造', '1. 建设智能工厂']],
      ['(一)加强组织领导。建立工作机制。', ['二、保障措施', '(一)加强组织领导']],
    ]);
    expect(sections.map((s) => [s.level, s.title, s.firstParagraph])).toEqual([
      [1, '一、重点任务', 0],
      [2, '(一)推动智能化改造', 0],
      [3, '1. 建设智能工厂', 0],
      [1, '二、保障措施', 2],
      [2, '(一)加强组织领导', 2],
    ]);
  });

  it('takes an article heading on a line of its own as the section of the body under it, never as a clause (s21 drafter audit, finding 1)', () => {
    const lines = ['第一条 发展目标', '', '到2027年，全市建成市级以上智能工厂30家。', '', '第二条 发放算力券', '', '企业签订智能算力服务合同后，可申领算力券。', '第三条 本措施自发布之日起施行'];
    for (const lineBreaks of ['paragraphs', 'may-wrap'] as const) {
      const { paragraphs, sections } = assembleParagraphs(lines.map((text) => ({ text })), { lineBreaks });
      expect(paragraphs.map((p) => [p.text, p.sectionPath])).toEqual([
        ['到2027年，全市建成市级以上智能工厂30家。', ['第一条 发展目标']],
        ['企业签订智能算力服务合同后，可申领算力券。', ['第二条 发放算力券']],
        // With nothing under it, the line is the article's text (a closing article typed without 。).
        ['第三条 本措施自发布之日起施行', ['第三条 本措施自发布之日起施行']],
      ]);
      expect(sections.map((s) => s.title)).toEqual(['第一条 发展目标', '第二条 发放算力券', '第三条 本措施自发布之日起施行']);
    }
    // A heading long enough to read as a wrapped line is not glued to its body (the .md's 第七条 建设智能工厂和数字化车间支持企业…).
    const wrapped = assembleParagraphs(['第一条 建设智能工厂和数字化车间', '', '支持企业开展智能化改造，给予一次性奖励。'].map((text) => ({ text })), { lineBreaks: 'may-wrap' });
    expect(wrapped.paragraphs.map((p) => [p.text, p.sectionPath])).toEqual([['支持企业开展智能化改造，给予一次性奖励。', ['第一条 建设智能工厂和数字化车间']]]);
  });

  it('keeps preamble paragraphs with an empty path and numbers ordinals from 0', () => {
    const { paragraphs } = assemble('各区人民政府，市各部门：\n现将方案印发给你们，请认真贯彻执行。\n一、总体要求\n推进发展。');
    expect(paragraphs.map((p) => [p.ordinal, p.sectionPath])).toEqual([
      [0, []],
      [1, []],
      [2, ['一、总体要求']],
    ]);
  });

  it('joins a clause that a stray blank line split, but not one that ended its sentence', () => {
    const text = ['一、任务', '', '加快智能化改造，推动龙头企业开展集成应用，推动商业', '', '模式和生产模式全方位变革。', '', '支持中小企业数字化普及。', '', '推广工业互联网应用。'].join('\n');
    expect(assemble(text).paragraphs.map((p) => p.text)).toEqual([
      '加快智能化改造，推动龙头企业开展集成应用，推动商业模式和生产模式全方位变革。',
      '支持中小企业数字化普及。',
      '推广工业互联网应用。',
    ]);
  });

  it('does not join a continuation across a heading or after two blank lines', () => {
    const text = '一、任务\n加快智能化改造，推动龙头企业开展集成应用，推动商业\n二、保障\n模式变革。';
    expect(assemble(text).paragraphs.map((p) => p.text)).toEqual(['加快智能化改造，推动龙头企业开展集成应用，推动商业', '模式变革。']);
    const gap = '加快智能化改造，推动龙头企业开展集成应用，推动商业\n\n\n模式变革。';
    expect(assemble(gap).paragraphs).toHaveLength(2);
  });

  it('moves responsibility notes to `responsible`, also from a note on its own line', () => {
    const { paragraphs } = assemble('(一)建设园区。推进园区建设。(责任单位:市工信局、发改委)\n(二)培育企业。加快培育。\n（责任单位：市科技局）');
    expect(paragraphs.map((p) => [p.text, p.responsible])).toEqual([
      ['(一)建设园区。推进园区建设。', ['市工信局', '发改委']],
      ['(二)培育企业。加快培育。', ['市科技局']],
    ]);
  });

  it('splits long clauses into parts that keep the section path', () => {
    const body = Array.from({ length: 25 }, (_, i) => `第${i}项任务要加快推进产业集群建设并完善配套政策。`).join('');
    const { paragraphs } = assemble(`一、任务\n(一)推进集群建设。${body}`);
    expect(paragraphs.length).toBeGreaterThan(1);
    for (const p of paragraphs) {
      expect(p.text.length).toBeLessThanOrEqual(MAX_PARAGRAPH_LENGTH);
      expect(p.sectionPath).toEqual(['一、任务', '(一)推进集群建设']);
    }
    expect(paragraphs[0]!.text.startsWith('(一)推进集群建设。')).toBe(true);
    // Each part says which part of the clause it is (the desk numbers them as parts of one clause).
    expect(paragraphs.map((p) => p.split)).toEqual(paragraphs.map((_, i) => ({ part: i + 1, of: paragraphs.length })));
    expect(assemble('一、任务\n推进园区建设。').paragraphs[0]!.split).toBeUndefined();
  });

  it('skips lines marked as metadata and lets them end a paragraph', () => {
    const { paragraphs } = assemble('推进园区建设，完善配套设施和\n某市人民政府\n2024年1月2日\n服务体系。', [1, 2]);
    expect(paragraphs.map((p) => p.text)).toEqual(['推进园区建设，完善配套设施和', '服务体系。']);
  });

  describe('tables', () => {
    const table = [
      '附件1',
      '重点指标',
      '序 号 | 指标名称 | 2025年 | 责任单位 |',
      '1 | 规上工业增加值(亿元) | 800 | 市经信局 |',
      '(一)创新能力 | |||',
      '2 | 研发投入占比(%) | 3.2 | 市科技局、 市统计局 |',
      '3 | 合并单元格的行 | 5 | 市发改局 | |',
    ].join('\n');

    it('makes one table-row paragraph per row with the header as columns', () => {
      const { paragraphs } = assemble(table);
      expect(paragraphs.map((p) => p.kind)).toEqual(['table-row', 'table-row', 'table-row']);
      expect(paragraphs[0]).toMatchObject({
        text: '1 | 规上工业增加值(亿元) | 800 | 市经信局 |',
        columns: ['序号', '指标名称', '2025年', '责任单位'],
        part: 'attachment',
        responsible: ['市经信局'],
      });
    });

    it('titles the attachment with the line after 附件N and treats heading-only rows as context', () => {
      const { paragraphs, sections } = assemble(table);
      expect(sections.map((s) => s.title)).toEqual(['附件1 重点指标', '(一)创新能力']);
      expect(paragraphs[1]!.sectionPath).toEqual(['附件1 重点指标', '(一)创新能力']);
      expect(paragraphs[1]!.responsible).toEqual(['市科技局', '市统计局']);
    });

    it('finds the departments of a row shifted by merged cells', () => {
      expect(assemble(table).paragraphs[2]!.responsible).toEqual(['市发改局']);
    });

    it('has no columns when the first row is data, not a header', () => {
      const { paragraphs } = assemble('1 | 甲指标 | 5 |\n2 | 乙指标 | 6 |');
      expect(paragraphs.map((p) => p.columns)).toEqual([[], []]);
    });
  });

  it('keeps a list of attachments in the notice as one main-text paragraph', () => {
    const { paragraphs, sections } = assemble('推进建设。\n附件:1.某市目标体系\n2.某市任务分工\n附件1\n某市目标体系\n推进目标落实。');
    expect(paragraphs.map((p) => [p.text, p.part])).toEqual([
      ['推进建设。', 'main'],
      ['附件:1.某市目标体系 2.某市任务分工', 'main'],
      ['推进目标落实。', 'attachment'],
    ]);
    expect(sections.map((s) => s.title)).toEqual(['附件1 某市目标体系']);
  });

  it('keeps a roster attachment apart: its title stops at the first field, and no member line runs into the next', () => {
    // Anhui's notice (../shared/external/06): a bare 附件, the list's title, then one member per line, long enough
    // (15 characters or more, no 。) to have read as a wrapped clause.
    const text = ['附件', '省推进某产业创新发展专项工作组名单', '组　长：王某某 省长', '副组长：李　某 副省长', '成　员：赵某某 省政府秘书长', '徐　建 省人力资源和社会保障厅厅长', '胡某某 省自然资源厅厅长', '张某某 省铁塔分公司总经理', '专项工作组办公室设在省经济和信息化厅。'].join('\n\n');
    const { paragraphs, sections } = assemble(text);
    expect(sections.map((s) => s.title)).toEqual(['附件 省推进某产业创新发展专项工作组名单']);
    expect(paragraphs.map((p) => p.text)).toEqual(['组　长：王某某 省长', '副组长：李　某 副省长', '成　员：赵某某 省政府秘书长', '徐　建 省人力资源和社会保障厅厅长', '胡某某 省自然资源厅厅长', '张某某 省铁塔分公司总经理', '专项工作组办公室设在省经济和信息化厅。']);
  });

  it('files a closing clause about the whole document at the document\'s level, not under the last item', () => {
    const { paragraphs } = assemble(['一、支持企业创新', '（一）支持研发。对企业研发给予补助。', '（二）支持推进弱有众扶。落实最低生活保障标准。', '上述8个领域政策市级财政预算安排资金支持总额为490亿元。', '本文件明确的各项政策均为2024年全年有效。'].join('\n'));
    expect(paragraphs.map((p) => p.sectionPath)).toEqual([['一、支持企业创新', '（一）支持研发'], ['一、支持企业创新', '（二）支持推进弱有众扶'], [], []]);
    // Inside a regulation's article, the article keeps its clauses.
    const law = assemble(['第一条 为了促进发展，制定本条例。', '第二条 本条例自2020年3月1日起施行。', '本条例由市人民政府负责解释。'].join('\n')).paragraphs;
    expect(law.at(-1)!.sectionPath).toEqual(['第二条']);
  });

  it('carries a note\'s 以下均需… to the later items\' notes, and 逗号前为牵头单位，下同 to their commas', () => {
    // 昆山 000: p0013 had listed 市工信局、发改委、科技局 without the 各区镇 its p0012 says every later item has.
    const kunshan = assemble(
      ['1. 培育世界级集群。做大做强两大千亿级产业。(责任单位:市发改委、工信局,各区镇负责落实。以下均需各区镇落实,不再列出)', '2. 培育新兴产业。加快形成新兴产业集群。(责任单位:市工信局、发改委、科技局)', '3. 加强组织领导。建立工作机制。', '4. 推进园区建设。(责任单位:市工信局、各区镇)'].join('\n'),
    ).paragraphs;
    expect(kunshan.map((p) => p.responsible)).toEqual([['市发改委', '工信局', '各区镇'], ['市工信局', '发改委', '科技局', '各区镇'], [], ['市工信局', '各区镇']]);
    expect(kunshan[0]!.text).toBe('1. 培育世界级集群。做大做强两大千亿级产业。(以下均需各区镇落实,不再列出)');
    // 四川 05: the first note says the comma ends the lead, for the notes after it too.
    const sichuan = assemble(
      ['(一)加大创业信贷支持力度。提供创业启动资金贷款。〔责任单位:财政厅、团省委，人力资源社会保障厅、各市(州)人民政府。以下均需各市(州)人民政府落实，不再列出。(逗号前为牵头单位，下同)〕', '(二)优化担保基金运作模式。用好担保基金。(责任单位:财政厅，人力资源社会保障厅、人民银行四川省分行)'].join('\n'),
    ).paragraphs;
    expect(sichuan.map((p) => p.responsible)).toEqual([
      ['财政厅（牵头）', '团省委（牵头）', '人力资源社会保障厅', '各市(州)人民政府'],
      ['财政厅（牵头）', '人力资源社会保障厅', '人民银行四川省分行', '各市(州)人民政府'],
    ]);
  });

  it('gives an item\'s note to the paragraphs of the item before it, not to a text\'s own clauses', () => {
    // 杭州 （十五）: the note closes the item's second paragraph and covers both (p0019 had shown none).
    const { paragraphs } = assemble(
      ['为推动高质量发展，制定以下政策。', '一、科技创新政策', '（一）加强企业研发机构建设。提高研发机构覆盖率。', '对新引进的企业研发总部给予一次性奖励。（责任单位：市科技局、市发改委）', '（二）加速成果转化。落实转化政策。', '深化先用后转模式。（责任单位：市科技局）', '建立产业技术转移机制。'].join('\n'),
    );
    expect(paragraphs.map((p) => [p.text.slice(0, 7), p.responsible])).toEqual([
      ['为推动高质量发', []],
      ['（一）加强企业', ['市科技局', '市发改委']],
      ['对新引进的企业', ['市科技局', '市发改委']],
      // A note that does not close its item is its own paragraph's only.
      ['（二）加速成果', []],
      ['深化先用后转模', ['市科技局']],
      ['建立产业技术转', []],
    ]);
  });

  it('files the clauses after a text\'s last note, in its last item\'s section, at the text\'s level', () => {
    // 四川 05 p0018: 各地要切实履行主体责任… had been cited as （十五）营造鼓励创业社会氛围 (s21 ingest audit, finding 6).
    const items = ['（一）加强孵化载体建设。加强创业载体建设。（责任单位：人力资源社会保障厅）', '（二）加大帮扶。支持保险机构开发产品。（责任单位：民政厅）', '（三）营造鼓励创业社会氛围。开展创业宣传。（责任单位：省委宣传部）'];
    const closing = '各地要切实履行主体责任，健全创业工作领导协调机制，做好政策宣传解读。';
    const { paragraphs } = assemble(['四、优化创业服务保障', ...items, closing, '本文件自2025年5月1日起施行。'].join('\n'));
    expect(paragraphs.map((p) => p.sectionPath.at(-1) ?? null)).toEqual(['（一）加强孵化载体建设', '（二）加大帮扶', '（三）营造鼓励创业社会氛围', null, null]);
    // Where fewer than three items carry notes, a paragraph after the last one stays in its item.
    const few = assemble(['四、优化创业服务保障', items[2]!, closing].join('\n')).paragraphs;
    expect(few.at(-1)!.sectionPath).toEqual(['四、优化创业服务保障', '（三）营造鼓励创业社会氛围']);
  });

  it('still joins a wrapped clause that merely ends in a word like 增长, and a title that wraps', () => {
    expect(isRosterLine('组 长：王清宪 省长')).toBe(true);
    expect(isRosterLine('罗 平 省科技厅厅长')).toBe(true);
    expect(isRosterLine('推动 经济平稳增长')).toBe(false);
    expect(isRosterLine('加快推进全省制造业高质量发展，力争工业增加值增长')).toBe(false);
    const { paragraphs } = assemble('到2025年，全省规模以上工业增加值年均增长\n6%以上。');
    expect(paragraphs.map((p) => p.text)).toEqual(['到2025年，全省规模以上工业增加值年均增长6%以上。']);
    const { sections } = assemble('附件1\n某市推进制造业高质量发展\n重点项目清单\n推进目标落实。');
    expect(sections.map((s) => s.title)).toEqual(['附件1 某市推进制造业高质量发展重点项目清单']);
  });
});

describe('numbered items that are whole sentences', () => {
  it('keeps a list\'s last item, short enough to read as a title, an item like its siblings (烟台 第六条 （五）)', () => {
    const { paragraphs, sections } = assemble(['第一条 专项资金对下列事项予以扶持：', '（一）民营经济组织创新发展；', '（二）民营经济组织规模升级；', '（三）政府确定的其他事项。', '第二条 市人民政府应当推进混合所有制经济发展。'].join('\n'));
    expect(sections.map((s) => s.title)).toEqual(['第一条', '第二条']);
    expect(paragraphs.filter((p) => p.text.startsWith('（')).map((p) => p.sectionPath)).toEqual([['第一条'], ['第一条'], ['第一条']]);
    // Without items before it, such a line is still a heading.
    expect(assemble('（一）加强组织领导。\n各地要建立工作机制。').sections.map((s) => s.title)).toEqual(['（一）加强组织领导']);
  });

  it('keeps an item without a 。 before its end as a clause, and as its own section context', async () => {
    const { parseDocument } = await import('../../src/text/parse-document.js');
    const doc = parseDocument('某市关于推进制造业发展的实施意见\n一、重点任务\n1. 支持企业开展智能化改造，对符合条件的项目给予一次性奖励，最高不超过100万元。\n2. 支持企业开展数字化转型。对符合条件的项目给予贷款贴息。\n', { file: 'x.txt' });
    expect(doc.paragraphs.map((p) => p.text)).toEqual([
      '1. 支持企业开展智能化改造，对符合条件的项目给予一次性奖励，最高不超过100万元。',
      '2. 支持企业开展数字化转型。对符合条件的项目给予贷款贴息。',
    ]);
  });

  it('still treats a short first-level heading with a comma as context only', async () => {
    const { parseDocument } = await import('../../src/text/parse-document.js');
    const doc = parseDocument('某市方案\n(一)着力空间腾挪,优化制造业发展布局。\n1.整治低效工业用地。推进连片整治。\n', { file: 'x.txt' });
    expect(doc.paragraphs.map((p) => p.text)).toEqual(['1.整治低效工业用地。推进连片整治。']);
  });
});

// s22 ingest audit, finding 14: ② under 1. …按以下标准给予补助： was cited as （二）支持技术改造 alone, while (1) under 2. kept its lead-in.
describe('circled items (①②)', () => {
  it('put their lead-in line in their section path, as (1)(2) do', () => {
    const { paragraphs } = assemble(
      ['（一）鼓励企业规模提升。', '1. 对首次纳入规模以上统计的工业企业，给予5万元奖励。奖励资金按以下方式兑现：', '(1) 企业所在地财政承担60%；', '(2) 市级财政承担40%。',
        '（二）支持技术改造。', '1. 对设备投资额2000万元以上的技术改造项目，按以下标准给予补助：', '①设备投资额2000万元至5000万元的，按8%给予补助；', '②设备投资额5000万元以上的，按10%给予补助，最高1200万元。', '2. 对列入省重点技改项目的，另行给予50万元奖励。'].join('\n'),
    );
    const pathOf = (start: string) => paragraphs.find((p) => p.text.startsWith(start))!.sectionPath;
    expect(pathOf('(2)')).toEqual(['（一）鼓励企业规模提升', '1. 对首次纳入规模以上统计的工业企业，给予5万元奖励']);
    expect(pathOf('②')).toEqual(['（二）支持技术改造', '1. 对设备投资额2000万元以上的技术改造项目，按以下标准给予补助：']);
    expect(pathOf('①')).toEqual(pathOf('②'));
    // The next item of the lead-in's level closes it.
    expect(pathOf('2. 对列入')).toEqual(['（二）支持技术改造']);
    expect(paragraphs.map((p) => p.text.slice(0, 2))).toEqual(['1.', '(1', '(2', '1.', '①设', '②设', '2.']);
  });
});

// s22 audit (README Limits): ⑴ and ⒈ were not items, so an item's lead-in (…按以下标准给予补助：) was not its section.
describe('parenthesised and full-stop numerals (⑴⑵, ⒈⒉)', () => {
  it('nest as (1) and 1. do, their lead-in in their section path', () => {
    const { paragraphs } = assemble(
      ['（二）支持技术改造。', '⒈对设备投资额2000万元以上的技术改造项目，按以下标准给予补助：', '⑴设备投资额2000万元至5000万元的，按8%给予补助；', '⑵设备投资额5000万元以上的，按10%给予补助，最高1200万元。',
        '⒉对列入省重点技改项目的，另行给予50万元奖励。'].join('\n'),
    );
    const pathOf = (start: string) => paragraphs.find((p) => p.text.startsWith(start))!.sectionPath;
    expect(pathOf('⑵')).toEqual(['（二）支持技术改造', '⒈对设备投资额2000万元以上的技术改造项目，按以下标准给予补助：']);
    expect(pathOf('⑴')).toEqual(pathOf('⑵'));
    expect(pathOf('⒉')).toEqual(['（二）支持技术改造']);
    expect(paragraphs.map((p) => p.text.slice(0, 2))).toEqual(['⒈对', '⑴设', '⑵设', '⒉对']);
  });
});

describe('a table saved as text (tabs, or spaces copied from a PDF)', () => {
  // s22 ingest audit, finding 2: 宿迁's 附件1 had become one heading (title, header and first row glued), its other
  // rows plain text, and 附件2's rows 2 and 3 one clause.
  const notice = (sep: string) =>
    ['宿迁市工业经济稳增长若干政策', '一、支持企业满负荷生产。对规上工业企业给予10万元奖励。', '', '附件1', '', '宿迁市工业经济主要目标任务分解表', '',
      ['地区', '规上工业增加值增速（%）', '工业投资（亿元）'].join(sep), ['沭阳县', '8.5', '260'].join(sep), ['全市', '8.0', '900'].join(sep), '',
      '附件2', '', '政策兑现责任清单', '', ['序号', '政策条款', '牵头单位'].join(sep), ['1', '满负荷生产奖励', '市工业和信息化局'].join(sep), ['2', '有效投资补助', '市发展改革委'].join(sep)].join('\n');

  for (const [name, sep] of [['tabs', '\t'], ['aligned spaces', '    ']] as const) {
    it(`reads its rows as table rows under the header, the attachment titled by its title alone (${name})`, async () => {
      const { parseDocument } = await import('../../src/text/parse-document.js');
      const doc = parseDocument(notice(sep), { file: 'x.txt' });
      expect(doc.sections.filter((s) => s.level === 0).map((s) => s.title)).toEqual(['附件1 宿迁市工业经济主要目标任务分解表', '附件2 政策兑现责任清单']);
      const rows = doc.paragraphs.filter((p) => p.part === 'attachment');
      expect(rows.map((p) => [p.kind, p.text])).toEqual([
        ['table-row', '沭阳县 | 8.5 | 260'], ['table-row', '全市 | 8.0 | 900'], ['table-row', '1 | 满负荷生产奖励 | 市工业和信息化局'], ['table-row', '2 | 有效投资补助 | 市发展改革委'],
      ]);
      expect(rows[0]!.columns).toEqual(['地区', '规上工业增加值增速（%）', '工业投资（亿元）']);
      expect(rows[3]!.responsible).toEqual(['市发展改革委']);
    });
  }

  // s22 audit (README Limits): a two-column tab table was text, its header one clause and each row another.
  it('reads a two-column tab table as rows under its header, each row with a target by its column', async () => {
    const { parseDocument } = await import('../../src/text/parse-document.js');
    const { extractTargets } = await import('../../src/text/targets.js');
    const doc = parseDocument(
      ['某市数字经济发展行动计划', '一、发展目标', '到2025年，数字经济发展取得明显成效。', '', '附件', '', '主要指标', '', '指标\t2025年目标值', '规上工业增加值年均增速（%）\t8', '新增专精特新中小企业（家）\t100'].join('\n'),
      { file: 'x.txt' },
    );
    const rows = doc.paragraphs.filter((p) => p.part === 'attachment');
    expect(rows.map((p) => [p.kind, p.text, p.columns])).toEqual([
      ['table-row', '规上工业增加值年均增速（%） | 8 |', ['指标', '2025年目标值']],
      ['table-row', '新增专精特新中小企业（家） | 100 |', ['指标', '2025年目标值']],
    ]);
    expect(extractTargets(rows[1]!.text, { columns: rows[1]!.columns!, sectionPath: rows[1]!.sectionPath })).toMatchObject([{ indicator: '专精特新中小企业', value: 100, unit: '家' }]);
  });
});

describe('numbered lines that are whole one-sentence clauses', () => {
  it('keeps an item with an amount as a clause under its heading, not as a section of its own', () => {
    const { paragraphs, sections } = assemble(
      ['一、支持专精特新企业发展', '(一)对首次认定的国家级专精特新“小巨人”企业给予一次性奖励50万元。', '(二)对新认定的省级专精特新中小企业给予一次性奖励10万元。', '申报条件由市经信局另行公布。'].join('\n'),
    );
    expect(paragraphs.map((p) => [p.text, p.sectionPath])).toEqual([
      ['(一)对首次认定的国家级专精特新“小巨人”企业给予一次性奖励50万元。', ['一、支持专精特新企业发展']],
      ['(二)对新认定的省级专精特新中小企业给予一次性奖励10万元。', ['一、支持专精特新企业发展']],
      // What follows a list item is under the item's parent, not under the item.
      ['申报条件由市经信局另行公布。', ['一、支持专精特新企业发展']],
    ]);
    expect(sections.map((s) => [s.level, s.title, s.firstParagraph])).toEqual([[1, '一、支持专精特新企业发展', 0]]);
  });

  it('keeps a list item that ends no sentence before its end under its lead-in: its first phrase titles nothing (北京 03 p0259)', () => {
    const lead = '1．申报示范园区，应当符合以下条件：';
    const { paragraphs, sections } = assemble(
      [lead, '（1）园区土地或空间依法取得、四至范围明确、空间集中连片的产业集聚区，管理机构应是北京市内合法注册的法人单位或政府部门派出机构，已建立运营管理机制；', '（2）园区内入驻企业平均单位面积年营业收入超过2万元/平方米；'].join('\n'),
    );
    expect(paragraphs.map((p) => p.sectionPath)).toEqual([[lead], [lead], [lead]]);
    expect(sections.map((s) => s.title)).toEqual([lead]);
  });

  it('keeps a clause that also opens a section as both: its own paragraph and the title of the items under it', () => {
    const { paragraphs, sections } = assemble(
      ['(一)对首次认定的国家级专精特新“小巨人”企业给予一次性奖励50万元。', '1. 奖励资金由市财政统筹安排。', '2. 已获得同类奖励的不重复支持。'].join('\n'),
    );
    const title = '(一)对首次认定的国家级专精特新“小巨人”企业给予一次性奖励50万元';
    expect(paragraphs.map((p) => [p.text, p.sectionPath])).toEqual([
      [`${title}。`, [title]],
      ['1. 奖励资金由市财政统筹安排。', [title, '1. 奖励资金由市财政统筹安排']],
      ['2. 已获得同类奖励的不重复支持。', [title, '2. 已获得同类奖励的不重复支持']],
    ]);
    expect(sections.map((s) => [s.title, s.firstParagraph])).toEqual([
      [title, 0],
      ['1. 奖励资金由市财政统筹安排', 1],
      ['2. 已获得同类奖励的不重复支持', 2],
    ]);
  });

  it('keeps a short item without a body, as in a list of conditions, and the last item of a list', () => {
    const text = ['第一条 专项资金对下列事项予以扶持：', '（一）民营经济组织创新发展；', '（二）民营经济公共服务体系建设；', '（三）政府确定的其他事项。', '第二条 推进混合所有制改革。'].join('\n');
    expect(assemble(text).paragraphs.map((p) => p.text)).toEqual([
      '第一条 专项资金对下列事项予以扶持：',
      '（一）民营经济组织创新发展；',
      '（二）民营经济公共服务体系建设；',
      '（三）政府确定的其他事项。',
      '第二条 推进混合所有制改革。',
    ]);
    const support = ['支持内容', '3．支持设立孵化接力基金，为孵化器提供服务。', '', '4．支持专业人才队伍建设。', '', '5．支持孵化器区域布局和对外合作。'].join('\n');
    expect(assemble(support).paragraphs.map((p) => p.text)).toEqual([
      '支持内容',
      '3．支持设立孵化接力基金，为孵化器提供服务。',
      '4．支持专业人才队伍建设。',
      '5．支持孵化器区域布局和对外合作。',
    ]);
  });

  it('keeps a bodiless item whose only follower is its responsibility note, with the note’s departments', () => {
    const { paragraphs } = assemble(['一、任务', '(一)推进园区提质增效。', '（责任单位：市经信局）', '(二)强化要素保障。', '加强用地保障。'].join('\n'));
    expect(paragraphs.map((p) => [p.text, p.responsible])).toEqual([
      ['(一)推进园区提质增效。', ['市经信局']],
      ['加强用地保障。', []],
    ]);
  });

  it('keeps real headings as headings: short titles, with or without 。, followed by their clauses', () => {
    const text = [
      '一、总体要求',
      '(一)加快培育专精特新企业',
      '建立梯度培育库。',
      '(二)强化要素保障。',
      '加强用地保障。',
      '(三)着力空间腾挪,优化制造业发展布局。',
      '1.整治低效工业用地。推进连片整治。',
      '二、保障措施',
      '(一)加强组织领导。',
      '',
      '建立工作机制。',
    ].join('\n');
    const { paragraphs, sections } = assemble(text);
    expect(paragraphs.map((p) => p.text)).toEqual(['建立梯度培育库。', '加强用地保障。', '1.整治低效工业用地。推进连片整治。', '建立工作机制。']);
    expect(sections.map((s) => s.title)).toEqual([
      '一、总体要求',
      '(一)加快培育专精特新企业',
      '(二)强化要素保障',
      '(三)着力空间腾挪,优化制造业发展布局',
      '1.整治低效工业用地',
      '二、保障措施',
      '(一)加强组织领导',
    ]);
  });

  it('keeps a short numbered sentence that counts a target as a clause when items stand under it (s20 drafter audit, finding 2)', () => {
    // As a heading only, 5家 was read nowhere: the line was the section of the (1) under it, and no clause.
    for (const [lead, sub] of [
      ['1.新增省级以上科技企业孵化器5家。', '（1）对新认定的国家级科技企业孵化器给予最高100万元奖励。'],
      ['（1）新增省级以上科技企业孵化器5家。', '①对新认定的国家级科技企业孵化器给予最高100万元奖励。'],
      ['（2）专精特新企业达到600家。', '②对新认定的国家级专精特新“小巨人”企业给予一次性奖励50万元。'],
      ['3、新增高新技术企业20家。', '二是对首次认定的高新技术企业给予20万元奖励。'],
    ]) {
      const { paragraphs } = assemble(['某县科技企业孵化措施', '（一）孵化载体', lead!, sub!].join('\n'));
      expect(paragraphs.map((p) => p.text)).toEqual(['某县科技企业孵化措施', lead, sub]);
    }
  });

  it('does not keep a heading without a full stop that has no body (a list of titles)', () => {
    expect(assemble('一、总体要求\n二、重点任务\n三、保障措施').paragraphs).toEqual([]);
  });
});

describe('boxes (专栏N) and items numbered with ﹒', () => {
  // 安徽's 行动计划 (../shared/external/06): items 1﹒–24﹒ under （一）–（九）, and twelve boxes, each title on its own line.
  const plan = [
    '二、行动步骤',
    '（一）网络体系强基行动。',
    '1﹒推进工业互联网外网建设。支持基础电信企业加强宽带网络基础设施建设。（责任单位：省通信管理局）',
    '2﹒推进企业内网改造升级。支持工业企业运用5G等新型网络技术改造建设企业内网。（责任单位：省经济和信息化厅）',
    '专栏1  工业互联网网络互联互通工程',
    '优化网络基础设施。组织基础电信企业通过改造已有网络、建设新型网络等方式提升网络能力。',
    '（二）基础支撑增强行动。',
    '3﹒加快标识解析体系建设。引导省内行业龙头企业联合建设运营标识解析二级节点。（责任单位：省通信管理局）',
    '专栏2  工业大数据能力提升工程',
    '支持数据中心面向工业领域开展大数据相关服务。',
    '',
    '4﹒开展工业互联网新模式推广。',
    '',
    '智能化制造。鼓励企业加大数字技术应用力度。',
    '',
    '数字化管理。推动重点行业企业打通内部各管理环节。（责任单位：省经济和信息化厅）',
  ].join('\n');

  it('reads 1﹒ as 1. and makes each box\'s title a heading over its text, not a clause of its own', () => {
    const { paragraphs, sections } = assemble(plan);
    expect(sections.map((s) => [s.level, s.title])).toEqual([
      [1, '二、行动步骤'],
      [2, '（一）网络体系强基行动'],
      [3, '1﹒推进工业互联网外网建设'],
      [3, '2﹒推进企业内网改造升级'],
      [3, '专栏1 工业互联网网络互联互通工程'],
      [2, '（二）基础支撑增强行动'],
      [3, '3﹒加快标识解析体系建设'],
      [3, '专栏2 工业大数据能力提升工程'],
      [3, '4﹒开展工业互联网新模式推广'],
    ]);
    // The first box's title had run into its first sentence (专栏1 工业互联网网络互联互通工程优化网络基础设施。), the
    // second's had been a clause of 15 characters (s21 ingest audit, finding 5).
    expect(paragraphs.map((p) => [p.text.slice(0, 9), p.sectionPath.slice(1)])).toEqual([
      ['1﹒推进工业互联网', ['（一）网络体系强基行动', '1﹒推进工业互联网外网建设']],
      ['2﹒推进企业内网改', ['（一）网络体系强基行动', '2﹒推进企业内网改造升级']],
      ['优化网络基础设施。', ['（一）网络体系强基行动', '专栏1 工业互联网网络互联互通工程']],
      ['3﹒加快标识解析体', ['（二）基础支撑增强行动', '3﹒加快标识解析体系建设']],
      ['支持数据中心面向工', ['（二）基础支撑增强行动', '专栏2 工业大数据能力提升工程']],
      // 4﹒'s sub-items sit under it, and its note, which closes the last, covers them all.
      ['智能化制造。鼓励企', ['（二）基础支撑增强行动', '4﹒开展工业互联网新模式推广']],
      ['数字化管理。推动重', ['（二）基础支撑增强行动', '4﹒开展工业互联网新模式推广']],
    ]);
    expect(paragraphs.slice(-2).map((p) => p.responsible)).toEqual([['省经济和信息化厅'], ['省经济和信息化厅']]);
    expect(paragraphs.filter((p) => p.text.includes('专栏'))).toEqual([]);
  });
});

describe('a second text in one document', () => {
  it('starts the outline over under its title when a notice prints two policies, each numbered from 一、', () => {
    const text = [
      '某市支持工业互联网发展若干政策',
      '一、支持平台建设',
      '对新认定的平台给予奖励。',
      '二、支持企业上云',
      '对上云企业给予补助。',
      '某市工业互联网创新发展行动计划（2021-2023年）',
      '为推动工业互联网发展，特制定本行动计划。',
      '一、总体要求',
      '（一）指导思想',
      '坚持创新驱动，推动数字化转型。',
    ].join('\n');
    const { paragraphs, sections } = assemble(text);
    const plan = '某市工业互联网创新发展行动计划（2021-2023年）';
    expect(sections.map((s) => s.path)).toContainEqual([plan, '一、总体要求', '（一）指导思想']);
    expect(paragraphs.find((p) => p.text.startsWith('坚持创新驱动'))!.sectionPath).toEqual([plan, '一、总体要求', '（一）指导思想']);
    expect(paragraphs.find((p) => p.text.startsWith('为推动'))!.sectionPath).toEqual([plan]);
    expect(paragraphs.map((p) => p.text)).not.toContain(plan);
    // The first text's title is one too, though the frame had taken it for a title line (安徽's 若干政策 had no parent
    // beside its 行动计划: two 一、 at different depths; s21 ingest audit, finding 10).
    const policy = '某市支持工业互联网发展若干政策';
    expect(sections.map((s) => [s.level, s.title])).toEqual([[0, policy], [1, '一、支持平台建设'], [1, '二、支持企业上云'], [0, plan], [1, '一、总体要求'], [2, '（一）指导思想']]);
    expect(paragraphs.find((p) => p.text.startsWith('对新认定'))!.sectionPath).toEqual([policy, '一、支持平台建设']);
    const framed = assembleParagraphs(text.split('\n').map((t, i) => ({ text: t, skip: i === 0 }))).paragraphs;
    expect(framed.find((p) => p.text.startsWith('对新认定'))!.sectionPath).toEqual([policy, '一、支持平台建设']);
  });

  it('does not take a title-like line for a second text without a restart after it, nor before the first text’s headings', () => {
    const text = ['某市若干措施', '一、总体要求', '推进改革。', '二、主要任务', '某市关于推进改革的实施方案', '按照方案推进。', '三、保障措施', '加强领导。'].join('\n');
    const { sections } = assemble(text);
    expect(sections.map((s) => s.title)).toEqual(['一、总体要求', '二、主要任务', '三、保障措施']);
  });
});
