/**
 * The `/rules` page (clinical-rules.md v3): the passage rules P1–P7 and the steps 1–16 of §4 (the numbers of the
 * card trace) with their decisions D0–D13, as static HTML in English and Simplified Chinese. Each P-id and D-id is
 * anchored once (D7 decides at steps 3, 5 and 7: its anchor is on the first), so a card's source.url can point at
 * the rule that made it (`/rules#D5`). Pure: no I/O; the stylesheet is served by the same route (no inline style).
 */
import type { Locale } from '../config/locale.js';
import { DECISION_CODE, STEP_DECISION, type DecisionId, type RuleId, type StepNumber } from '../engine/types.js';
import { RULES_VERSION } from './render.js';
import { WORDS } from './words.js';
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

/** §4 (v3) steps 1–16 in order (the card trace's numbers), with when each applies. */
const STEPS: [StepNumber, en: string, zh: string][] = [
  [1, 'On interferon with an on-treatment rule met (neutrophils, platelets; stop: ALT >10×ULN, TBil, coagulopathy, decompensation, portal hypertension, pregnancy) or ≥2 interferon drafts. On interferon otherwise: no card.', '正在使用干扰素且触发治疗中规则（中性粒细胞、血小板；停药：ALT>10×ULN、胆红素、凝血功能异常、失代偿、门静脉高压、妊娠）或有≥2项干扰素医嘱草稿。其余正在使用干扰素者：不出卡片。'],
  [2, 'Any absolute contraindication: decompensation, portal hypertension (coded or likely), pregnancy, neutropenia or thrombocytopenia, severe psychiatric illness, suicide attempt, epilepsy, autoimmune disease, symptomatic heart disease, HCC, solid-organ transplant, interferon hypersensitivity, active alcohol or drug abuse.', '存在绝对禁忌证：失代偿、门静脉高压（已编码或可能）、妊娠、中性粒细胞或血小板减少、严重精神疾病、自杀未遂史、癫痫、自身免疫性疾病、有症状的心脏病、肝细胞癌、实体器官移植、干扰素过敏、酗酒或药物滥用。'],
  [3, 'No readable ALT within the lookback, or the newest ALT is unreadable.', '回顾期内无可判读的ALT，或最近一次ALT无法判读。'],
  [4, 'A flare not settling, falling but still >10×ULN, rising again or in cirrhosis; or a flare or ALT in the window with a significant bilirubin rise or coagulopathy.', '急性加重未缓解、虽下降仍>10×ULN、再次升高或发生于肝硬化；或急性加重或ALT处于2–10×ULN伴胆红素明显升高或凝血功能异常。'],
  [5, 'A flare, not step 4, TBil unknown.', '有急性加重，不属第4步，胆红素情况未知。'],
  [6, 'Chronicity unconfirmed and acute hepatitis B not excluded.', '慢性感染未确立且未排除急性乙型肝炎。'],
  [7, 'On an NA, HBV DNA unknown.', 'NA治疗中，HBV DNA情况未知。'],
  [8, 'On an NA, HBV DNA detectable.', 'NA治疗中，HBV DNA可检出。'],
  [9, 'On an NA, HBV DNA below detection.', 'NA治疗中，HBV DNA检测不到。'],
  [10, 'A flare, TBil known and not significantly elevated, latest ALT ≤10×ULN, not rising again.', '急性加重后，胆红素已知且无明显升高，最近一次ALT≤10×ULN且未再升高。'],
  [11, 'Latest ALT in the window (2–10×ULN), no flare.', '最近一次ALT处于2–10×ULN，无急性加重。'],
  [12, 'ALT normal or mild with significant fibrosis or cirrhosis (any source), or a flare settled below 2×ULN.', 'ALT正常或轻度升高，伴显著肝纤维化或肝硬化（任何来源），或急性加重已降至<2×ULN。'],
  [13, 'ALT normal or mild, histology ≥G2.', 'ALT正常或轻度升高，肝组织炎症≥G2。'],
  [14, 'ALT normal or mild, histology <G2.', 'ALT正常或轻度升高，肝组织炎症<G2。'],
  [15, 'ALT normal or recurrently mild, with a biopsy trigger.', 'ALT正常或反复轻度升高，且有活检指征。'],
  [16, 'Otherwise.', '其他情况。'],
];

/** The §4 steps that decide `id` (D7 decides at steps 3, 5 and 7), with when each applies, in one language. */
export function decisionSteps(id: DecisionId, locale: Locale): { step: StepNumber; when: string }[] {
  return STEPS.filter(([step]) => STEP_DECISION[step] === id).map(([step, en, zh]) => ({ step, when: locale === 'en' ? en : zh }));
}

/** The publication the passage comes from (clinical-rules.md "the passage"). */
export const SOURCE_PUBLICATION: [en: string, zh: string] = [
  'Expert recommendations on interferon therapy timing for chronic hepatitis B (Chinese expert consensus)',
  '慢性乙型肝炎干扰素治疗时机专家建议（中国专家共识）',
];

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const RULES_CSS = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}
:target{background:#fff3c4}code{font-size:.9em}`;

/** A FHIR artifact the service serves at fhir/{type}/{id} (src/service/knowledge-service.ts), as the page names it. */
export interface ArtifactLink {
  type: string;
  id: string;
  title: string;
}

/** The rules as FHIR Clinical Reasoning artifacts: a short section linking each (relative links, like the stylesheet's). */
function artifactsSection(artifacts: readonly ArtifactLink[], t: (en: string, zh: string) => string): string {
  if (artifacts.length === 0) return '';
  const items = artifacts
    .map((a) => `<li><a href="fhir/${encodeURIComponent(a.type)}/${encodeURIComponent(a.id)}"><code>${esc(a.type)}/${esc(a.id)}</code></a> ${esc(a.title)}</li>`)
    .join('\n');
  return `<h2 id="fhir">${t('The rules as FHIR artifacts', '规则的FHIR构件')}</h2>
<p>${esc(t(
    `The same rules in CQL, as FHIR R4 Clinical Reasoning resources for a CPG-capable engine (cqf-ruler, HAPI clinical-reasoning): the Library holds the CQL and its compiled ELM, with the data it reads; each PlanDefinition is one CDS Hooks service as an event-condition-action rule, one action per decision. Version ${RULES_VERSION}, FHIR JSON; the service's own cards come from its TypeScript engine, which is checked against the CQL.`,
    `以CQL表达的同一套规则，作为FHIR R4临床推理资源，供支持CPG的引擎（cqf-ruler、HAPI clinical-reasoning）使用：Library包含CQL及其编译后的ELM和所读取的数据；每个PlanDefinition对应一个CDS Hooks服务，为事件-条件-动作规则，每个结论一个动作。第${RULES_VERSION}版，FHIR JSON格式；本服务的卡片由其TypeScript引擎生成，并与CQL交叉核对。`,
  ))}</p>
<ul>
${items}
</ul>`;
}

export function renderRulesPage(locale: Locale, artifacts: readonly ArtifactLink[] = []): string {
  const m = MESSAGES[locale];
  const zh = locale !== 'en';
  const t = (en: string, cn: string) => (zh ? cn : en);
  const passage = (Object.keys(PASSAGE) as RuleId[])
    .map((id) => `<tr id="${id}"><th><a href="#${id}">${id}</a></th><td>${esc(PASSAGE[id][zh ? 1 : 0])}</td></tr>`)
    .join('\n');
  const anchored = new Set<string>();
  const steps = STEPS.map(([step, en, cn]) => {
    const id = STEP_DECISION[step];
    const anchor = anchored.has(id) ? '' : ` id="${id}"`;
    anchored.add(id);
    return `<tr${anchor}><td id="step-${step}">${step}</td><th><a href="#${id}">${id}</a></th><td><code>${DECISION_CODE[id]}</code></td><td>${esc(m.topic[DECISION_CODE[id]])}</td><td>${esc(zh ? cn : en)}</td></tr>`;
  }).join('\n');
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><title>${esc(m.sourceLabel)}</title><link rel="stylesheet" href="rules?format=css"></head>
<body>
<h1>${esc(m.sourceLabel)}</h1>
<p>${esc(t(`Source: ${SOURCE_PUBLICATION[0]}. These are the service's clinical rules, version ${RULES_VERSION}.`, `出处：${SOURCE_PUBLICATION[1]}。本服务的临床规则第${RULES_VERSION}版。`))}</p>
<p><a href="rules?lang=en">English</a> · <a href="rules?lang=zh-CN">简体中文</a></p>
<h2>${t('Passage rules', '共识条款')}</h2>
<table>${passage}</table>
<h2>${t(`Decisions, clinical rules version ${RULES_VERSION} (the first step that applies decides; cards trace these step numbers)`, `结论（临床规则第${RULES_VERSION}版；按步骤顺序，首个适用的步骤决定结论；卡片中的步骤编号与此一致）`)}</h2>
<table><tr><th>${t('Step', '步骤')}</th><th>Id</th><th>${t('Code', '代码')}</th><th>${t('Card', '卡片')}</th><th>${t('When', '条件')}</th></tr>
${steps}</table>
<p>${esc(WORDS[locale].details.footer)}</p>
${artifactsSection(artifacts, t)}
</body>
</html>
`;
}
