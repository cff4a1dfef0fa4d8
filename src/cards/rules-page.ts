/**
 * The `/rules` page (clinical-rules.md §7 v2): the passage rules P1–P7 and the decisions D0–D9 as static HTML,
 * in English and Simplified Chinese, each anchored by its id so a card's source.url can point at the rule that
 * made it (`/rules#D5`). Pure: no I/O; the stylesheet is served by the same route (no inline style).
 */
import type { Locale } from '../config/locale.js';
import { DECISION_CODE, type DecisionId, type RuleId } from '../engine/types.js';
import { MESSAGES } from './messages.js';

const PASSAGE: Record<RuleId, [en: string, zh: string]> = {
  P1: ['Patients in the immune-clearance phase (raised ALT, inflammation, lower HBV DNA) are suited to antiviral therapy; timing of interferon follows ALT.', '免疫清除期患者（ALT升高、肝脏炎症、HBV DNA较低）适合抗病毒治疗；干扰素治疗时机依据ALT水平。'],
  P2: ['ALT (2–10)×ULN is the appropriate time for interferon: effective and safe.', 'ALT（2–10）×ULN是干扰素治疗的合适时机：疗效好且安全。'],
  P3: ['ALT normal or <2×ULN: lower response to interferon.', 'ALT正常或<2×ULN：干扰素应答率较低。'],
  P4: ['ALT >10×ULN: strong immune response; risk of decompensation or liver failure under interferon.', 'ALT>10×ULN：免疫应答过强，干扰素治疗有肝功能失代偿或肝衰竭风险。'],
  P5: ['Higher ALT (≥2×ULN), lower HBV DNA (≤1×10⁶ copies/mL) and inflammation ≥G2 predict a higher sustained response.', 'ALT较高（≥2×ULN）、HBV DNA较低（≤1×10⁶ copies/mL）及肝组织炎症≥G2者持续应答率较高。'],
  P6: ['Recurrent mild ALT (1–2×ULN) or normal ALT, with age ≥40, family history of CHB or HCC, HBeAg negative, or chronic lesions on ultrasound/CT: liver biopsy recommended; ≥G2 → antiviral therapy, interferon included.', 'ALT反复轻度升高（1–2×ULN）或正常，伴年龄≥40岁、慢性乙型肝炎或肝细胞癌家族史、HBeAg阴性或B超/CT提示慢性肝病变者，建议肝组织活检；≥G2者应抗病毒治疗（包括干扰素）。'],
  P7: ['ALT >10×ULN: ② antiviral therapy indicated; interferon only with close observation and supportive care, started once ALT begins to fall or is <10×ULN without significant bilirubin rise, at regular or low starting dose; ③ directed by clinicians experienced with interferon.', 'ALT>10×ULN：②有抗病毒治疗指征；干扰素仅在密切观察和对症支持治疗下，待ALT开始下降或<10×ULN且无明显胆红素升高时，以常规或小剂量起始；③由有丰富干扰素应用经验的专家实施或指导。'],
};

/** §4 steps in order, with when each applies. */
const STEPS: [DecisionId, en: string, zh: string][] = [
  ['D8', 'Any absolute contraindication: decompensated cirrhosis, pregnancy, neutropenia or thrombocytopenia.', '存在绝对禁忌证：失代偿期肝硬化、妊娠、中性粒细胞或血小板减少。'],
  ['D7', 'No ALT within the lookback.', '回顾期内无ALT结果。'],
  ['D5', 'A flare not settling, a flare in cirrhosis or with coagulopathy; or a flare or ALT in the window with a significant bilirubin rise.', '急性加重未缓解、肝硬化基础上或伴凝血功能异常的急性加重；或急性加重或ALT处于2–10×ULN伴胆红素明显升高。'],
  ['D6', 'After a flare, ALT ≥2×ULN and falling, or ≤10×ULN and not rising again, bilirubin not significantly raised.', '急性加重后ALT≥2×ULN且下降，或≤10×ULN且未再升高，胆红素无明显升高。'],
  ['D1', 'ALT in the window (2–10×ULN), no flare.', 'ALT处于2–10×ULN，无急性加重。'],
  ['D9', 'ALT normal or mild with significant fibrosis or cirrhosis, or a flare that has settled below 2×ULN.', 'ALT正常或轻度升高，伴显著肝纤维化或肝硬化，或急性加重已降至<2×ULN。'],
  ['D3', 'ALT normal or mild, histology ≥G2.', 'ALT正常或轻度升高，肝组织炎症≥G2。'],
  ['D4', 'ALT normal or mild, histology <G2.', 'ALT正常或轻度升高，肝组织炎症<G2。'],
  ['D2', 'ALT normal or recurrently mild, with a biopsy trigger.', 'ALT正常或反复轻度升高，且有活检指征。'],
  ['D0', 'Otherwise.', '其他情况。'],
];

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const RULES_CSS = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}
:target{background:#fff3c4}code{font-size:.9em}`;

export function renderRulesPage(locale: Locale): string {
  const m = MESSAGES[locale];
  const zh = locale !== 'en';
  const t = (en: string, cn: string) => (zh ? cn : en);
  const passage = (Object.keys(PASSAGE) as RuleId[])
    .map((id) => `<tr id="${id}"><th><a href="#${id}">${id}</a></th><td>${esc(PASSAGE[id][zh ? 1 : 0])}</td></tr>`)
    .join('\n');
  const steps = STEPS.map(
    ([id, en, cn], i) =>
      `<tr id="${id}"><td>${i + 1}</td><th><a href="#${id}">${id}</a></th><td><code>${DECISION_CODE[id]}</code></td><td>${esc(m.topic[DECISION_CODE[id]])}</td><td>${esc(zh ? cn : en)}</td></tr>`,
  ).join('\n');
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><title>${esc(m.sourceLabel)}</title><link rel="stylesheet" href="rules?format=css"></head>
<body>
<h1>${esc(m.sourceLabel)}</h1>
<p><a href="rules?lang=en">English</a> · <a href="rules?lang=zh-CN">简体中文</a></p>
<h2>${t('Passage rules', '共识条款')}</h2>
<table>${passage}</table>
<h2>${t('Decisions (the first step that applies decides)', '结论（按顺序，首个适用的步骤决定结论）')}</h2>
<table><tr><th>${t('Step', '步骤')}</th><th>Id</th><th>${t('Code', '代码')}</th><th>${t('Card', '卡片')}</th><th>${t('When', '条件')}</th></tr>
${steps}</table>
<p>${esc(m.internationalNote)}</p>
</body>
</html>
`;
}
