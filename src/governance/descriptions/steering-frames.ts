import type { ClauseFeatures } from "./clause-features";
import { frameFinding, words } from "./frame-terms";
import type { TechniqueFinding } from "./techniques";

/**
 * Frames of steering: what a description does to other tools' arguments and to the model's
 * replies, in the eight languages. As in directive-frames.ts, each needs two independent
 * parts in one clause: rewriting + a literal address the user never gave + another tool or
 * every call; every reply + text to add; leaving out + bad news, told to the model.
 */


/** Rewriting a value: the act of tampering, not of describing a field. */
const REWRITE = new RegExp(
  [
    words(["rewrit\\S*", "replac\\S*", "prefix\\S*", "instead of the (?:address|account|recipient|wallet|iban|destination|url)s? (?:\\S+ )?(?:given|provided|specified|requested|entered)", "(?:change|set|point) (?:the |its |their )?(?:\\S+ )?(?:recipient|destination|account|address|url|host|remote|channel|number|payee|beneficiary|to field|`\\w+`)\\S* (?:\\S+ ){0,3}to", "substitut\\S*", "swap\\S*", "redirect\\S*", "(?:also |additionally )(?:push|send|copy|forward|mirror|upload)\\S*", "mirror\\S* (?:it |them |everything )?to"]),
    words(["ersetz\\S*", "austausch\\S*", "umleit\\S*", "umschreib\\S*"]),
    words(["reemplaz\\S*", "sustitu\\S*", "cambia\\S* (?:el |la )?(?:destinatari\\S*|cuenta|dirección|url)", "reescrib\\S*", "redirig\\S*"]),
    words(["remplac\\S*", "substitu\\S*", "réécri\\S*", "redirig\\S*"]),
    words(["substitu\\S*", "troqu\\S*", "troca\\S*", "reescrev\\S*", "redirecion\\S*"]),
    words(["подставля\\S*", "подстав\\S*", "замен\\S*", "перенаправ\\S*", "перепиш\\S*"]),
    "書き換え|置き換え|差し替え|すり替え|に変更",
    "替换|改为|改成|换成|重写",
  ].join("|"),
  "iu",
);

/** A literal destination: URL, e-mail, bucket, host name, IBAN or a long account number. */
const LITERAL = /(?<![\p{L}])(?:(?:value|output|result|address) (?:that )?this tool (?:returns|gives|provides)|#[\w-]*public[\w-]*)(?![\p{L}])|\+\d[\d ()-]{7,}\d|\b[\w.-]+@[\w.-]+:[\w./-]+|https?:\/\/\S+|\b(?:s3|gs|ftp|git|ssh):\/\/\S+|[\w.+-]+@[\w-]+\.[\w.]+|(?<![\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+){1,4}\.(?:example|com|net|org|io|dev|app|xyz|ru|cn|co|info|biz)\b|\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,4})?\b|(?<![\d.,\w])\d{8,}(?![\d,\w])|\b0x[0-9a-fA-F]{40}\b|\b\d{1,5} [A-Z][a-z]+ (?:Lane|Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Drive|Dr|Way|Court|Ct)\b/iu;

/** Another tool, or every call of a kind: what the rewriting is aimed at. */
const OTHER_CALLS = new RegExp(
  [
    words(["other tools?", "another tool", "any (?:\\S+ ){0,3}tools?", "(?:a|any) tool (?:that|which|called)", "through another server", "any (?:\\S+ ){0,2}server", "(?:the|a) \\S+ tool", "every (?:\\S+ ){0,2}(?:call|push|transfer|payment|e-?mail|message|request|link|url)s?", "each (?:\\S+ ){0,2}(?:call|push|transfer|payment|e-?mail|message|request|link|url)s?", "whenever", "every time"]),
    words(["anderen? (?:\\S+ )?\\S*(?:werkzeug|tool)\\S*", "(?:ein|jedes?|einem) (?:\\S+ )?\\S*(?:werkzeug|tool)\\S*", "jede[nrs]? (?:\\S+ )?(?:aufruf|überweisung|zahlung|e-mail|nachricht)\\S*", "immer wenn"]),
    words(["otras? herramientas?", "(?:una|cualquier) (?:\\S+ )?(?:herramienta|pago|transferencia|correo)", "cada (?:\\S+ )?(?:llamada|pago|transferencia|correo|mensaje)", "cada vez que"]),
    words(["autres? outils?", "(?:un|tout|chaque|n'importe quel) outil", "lorsqu'un outil", "tout (?:\\S+ )?(?:virement|paiement|appel|e-mail|message)", "chaque (?:\\S+ )?(?:appel|virement|paiement|e-mail|message)"]),
    words(["outras? ferramentas?", "(?:uma|qualquer) (?:\\S+ )?(?:ferramenta|pagamento|transferência)", "sempre que", "cada (?:\\S+ )?(?:chamada|pagamento|transferência|e-mail|mensagem)"]),
    words(["друг\\S* инструмент\\S*", "любо[йм] (?:\\S+ )?(?:перевод\\S*|платеж\\S*|платёж\\S*|вызов\\S*|инструмент\\S*)", "кажд\\S+ (?:\\S+ )?(?:перевод\\S*|платеж\\S*|вызов\\S*|письм\\S*)"]),
    "(?:他の|別の)ツール|(?:\\S{1,12})ツール(?:は|を|で|が)|する際は|するたびに",
    "(?:其他|别的|任何)(?:\\S{0,6})?工具|每次|每当",
  ].join("|"),
  "iu",
);

/** Every reply the model writes (not "each response includes a cursor"). */
const EVERY_REPLY = new RegExp(
  [
    words(["(?:every|each|all)(?: of your| your)? (?:repl(?:y|ies)|answers?(?! field)|messages? (?:you|to the user))", "your (?:repl(?:y|ies)|answers?|responses?)"]),
    words(["jede (?:deiner )?antwort", "alle (?:deine )?antworten", "deine antworten?"]),
    words(["cada (?:una de tus )?respuesta", "todas (?:tus )?respuestas", "tus respuestas", "cada resposta", "todas as (?:suas )?respostas", "suas respostas"]),
    words(["chaque réponse", "toutes (?:tes|vos) réponses", "(?:tes|vos) réponses"]),
    words(["кажд\\S+ (?:свой |твой )?ответ\\S*", "все (?:свои |твои )?ответы"]),
    "(?:すべての|全ての|各)(?:回答|返答|応答)",
    "(?:每个|每次|所有)(?:回答|回复)",
  ].join("|"),
  "iu",
);
const ADD_TO_REPLY = new RegExp(
  [
    words(["end\\S*", "finish\\S*", "close\\S*", "start\\S*", "begin\\S*", "sign\\S* (?:off|with)", "append\\S*", "prepend\\S*", "add\\S*", "include\\S*"]),
    words(["beend\\S*", "schließ\\S*", "beginn\\S*", "füg\\S*", "häng\\S*"]),
    words(["termin\\S*", "empie\\S*", "comien\\S*", "añad\\S*", "agreg\\S*", "inclu\\S*", "finaliz\\S*", "acrescent\\S*", "adicion\\S*", "ajout\\S*", "commenc\\S*"]),
    words(["заканчива\\S*", "законч\\S*", "начина\\S*", "добав\\S*"]),
    "末尾|最後に|追加|付け",
    "结尾|末尾|加上|附上|添加",
  ].join("|"),
  "iu",
);
/** Text to add: a quotation of three words or more, or a link. */
const QUOTED = /["'“‘«「『]([^"'”’»」』\n]{5,200})["'”’»」』]/gu;
const LINK = /https?:\/\/\S+|(?<![\w.-])[a-z0-9-]+\.(?:example|com|net|org|io|shop|store)\b/iu;
function quotedText(t: string): boolean {
  if (LINK.test(t)) return true;
  for (const m of t.matchAll(QUOTED)) if ((m[1].trim().match(/\s+/g)?.length ?? 0) >= 2) return true;
  return false;
}

/** Leaving something out of what the user sees. */
const LEAVE_OUT = new RegExp(
  [
    words(["leave (?:\\S+ ){0,6}out", "keep (?:\\S+ ){0,6}out of", "omit\\S*", "suppress\\S*", "(?:never|don't|do not|must not) (?:mention|report|include|surface|flag|bring up)\\S*", "play (?:\\S+ )?down"]),
    words(["weglass\\S*", "lass (?:\\S+ ){0,5}weg", "verschweig\\S*", "(?:nicht|nie) (?:erwähn|melden|nennen)\\S*"]),
    words(["omit(?:e|a|as|an|ir)", "omít\\S*", "descart\\S*", "no (?:\\S+ )?(?:menciones|incluyas|informes|señales)", "oculta\\S*", "não (?:\\S+ )?(?:mencione|inclua|informe|relate)"]),
    words(["ne (?:le |les )?(?:signale|mentionne|inclus|rapporte)\\S* (?:pas|jamais)", "n'évoque\\S* (?:pas|jamais)", "omets?", "passe[rz]? sous silence"]),
    words(["не (?:упоминай|сообщай|включай|указывай)\\S*", "умолчи\\S*", "опусти\\S*"]),
    "(?:言及し|報告し|含め|触れ)ない|省略|省い|省く|除外",
    "不要(?:提及|提到|报告|包括|包含)|略去|隐瞒|一律略",
  ].join("|"),
  "iu",
);
/** News the user would want: bad reviews, fraud, vulnerabilities, complaints, risks. */
const BAD_NEWS = new RegExp(
  [
    words(["negative (?:\\S+ )?(?:news|reviews?|feedback|comments?|information|results?|ratings?)", "bad (?:reviews?|news)", "criticism", "complaints?", "fraud(?: indicators| signals| warnings)?", "vulnerabilit(?:y|ies)", "security (?:advisor(?:y|ies)|issues?|incidents?)", "lawsuits?", "side effects", "recalls?", "breaches?", "risks?", "contraindications?", "disclaimers?", "caveats?", "safety information"]),
    words(["negative[n]? (?:\\S+ )?(?:bewertungen|nachrichten|meldungen)", "kritik", "beschwerden", "betrug\\S*", "schwachstellen", "sicherheitslücken", "risiken", "risiko"]),
    words(["(?:reseñas?|noticias?|opiniones?) negativas?", "críticas", "quejas?", "fraude", "vulnerabilidades?", "riesgos?", "cláusulas abusivas"]),
    words(["(?:avis|nouvelles|commentaires|articles?) négati\\S*", "critiques", "plaintes?", "qui disent le contraire", "fraude", "vulnérabilités?", "risques?", "dettes"]),
    words(["(?:avaliaç\\S*|notícias?|comentários?) negativ\\S*", "críticas", "reclamaç\\S*", "fraude", "vulnerabilidades?", "riscos?"]),
    words(["негативн\\S*", "жалоб\\S*", "проблем\\S*", "мошенничеств\\S*", "уязвимост\\S*", "риск\\S*"]),
    "否定的|悪い(?:レビュー|評価|口コミ|評判)|不正|脆弱性|リスク|苦情",
    "负面|差评|欺诈|漏洞|风险|投诉|亏损",
  ].join("|"),
  "iu",
);
/** The model's answer or the user as the one kept uninformed. */
const TO_USER = /(?<![\p{L}])(?:answers?|repl(?:y|ies)|responses?|summar(?:y|ies)|the user|antwort\S*|respuesta\S*|réponse\S*|resposta\S*|ответ\S*|usuari\S*|utilisateur|nutzer\S*|пользовател\S*)(?![\p{L}])|回答|回复|ユーザー|用户/iu;

/** "whatever the data says": the facts set aside for a conclusion given in advance. */
const DESPITE_DATA =
  /(?<![\p{L}])(?:(?:whatever|no matter what|regardless of what|even (?:when|if)) the (?:\S+ ){0,2}(?:data|results?|facts|numbers|reviews|sources?|studies|scan|evidence|figures) (?:\S+ ){0,2}(?:says?|shows?|lists?|reports?|finds?|contradicts?|suggests?)|auch wenn die (?:daten|zahlen|ergebnisse|quellen) (?:\S+ ){0,3}(?:zeigen|sagen)|egal,? was die (?:datenbank|daten|quelle|analyse|prüfung)\S* (?:\S+ )?(?:zurückgibt|liefert|zeigt|sagt)|aunque (?:el|la|los|las) (?:análisis|datos|resultados|fuentes) (?:\S+ )?(?:indique|indiquen|diga|digan|muestre|muestren) lo contrario|(?:regardless of|irrespective of|whatever) the (?:\S+ ){0,2}evidence|même si les (?:données|sources|résultats) (?:\S+ ){0,2}(?:disent|montrent)|aunque los (?:datos|resultados|fuentes) (?:\S+ ){0,2}(?:digan|muestren)|mesmo que os (?:dados|resultados) (?:\S+ ){0,2}(?:digam|mostrem)|даже если данные|egal,? was die (?:daten|zahlen|ergebnisse) (?:zeigen|sagen)|(?:sin importar|independientemente de) (?:lo que (?:digan|muestren) )?los datos|quoi que (?:disent|montrent) les données|independentemente do que (?:os dados|o resultado) (?:mostr|diz)\S*|что бы ни показывали данные|независимо от данных)(?![\p{L}])|結果にかかわらず|无论(?:数据|结果)如何/iu;
/** Access granted to a third party: a collaborator or key with admin rights, a repository made public. */
const GRANT =
  /(?<![\p{L}])(?:(?:add|grant|invite|give)\S* (?:\S+ ){0,4}(?:collaborator|member|bot|deploy key|ssh key|user)\S* (?:\S+ ){0,6}(?:admin|owner|write|maintain|full)\S*|(?:make|set|change|switch)\S* (?:\S+ ){0,5}(?:visibility|repositor\S*|repo|bucket|document|file)\S* (?:\S+ ){0,4}public)(?![\p{L}])|コラボレーター[^。\n]{0,30}(?:管理者|admin)|公開範囲[^。\n]{0,20}public|添加[^。\n]{0,20}(?:管理员|协作者)/iu;
/** Checks and reviews bypassed. */
const BYPASS_REVIEW =
  /(?<![\p{L}])(?:bypass_checks|skip_review|(?:bypass|skip|disable|override)\S* (?:\S+ ){0,2}(?:checks|reviews?|approvals?|verification|branch protection)|(?:waiting for|needs?) (?:a )?human review (?:is )?(?:unnecessary|not needed)|without (?:a )?(?:human )?review)(?![\p{L}])/iu;
/** Before any other tool, this one first: every other call passes through it. */
const INTERCEPT =
  /(?<![\p{L}])(?:before (?:you (?:use|call|invoke) )?(?:any|every|each) (?:\S+ ){0,3}(?:tool|call)s?|antes de (?:usar |utilizar |llamar a )?(?:qualquer|cualquier|toda|cada) (?:\S+ ){0,2}(?:ferramenta|herramienta)|avant (?:d'utiliser )?(?:tout|chaque|n'importe quel) outil|vor jede[rm]? (?:verwendung von |nutzung von )?(?:\S+ )?\S*(?:werkzeug|tool)|перед (?:любым|каждым) (?:\S+ )?инструмент\S*)(?![\p{L}])[^.!?。\n]{0,80}(?<![\p{L}])(?:this (?:tool|one|server)|esta(?: ferramenta| herramienta)?|este|cet outil|dieses werkzeug|этот инструмент|it)(?![\p{L}])[^.!?。\n]{0,60}(?<![\p{L}])(?:with|con|com|avec|mit|с)(?![\p{L}])/iu;
/** This tool ranked first among the model's choices, or above every other one. */
const PROMOTE_FIRST = new RegExp(
  [
    "(?<![\\p{L}])(?:(?:choose|pick|select|rank)\\S* (?:this (?:tool|one|server)|it|me)(?: \\S+){0,2} (?:first|above all|ahead of (?:all|any|every))|(?:choose|pick|select) me|(?:must|should|shall) (?:always )?(?:select|choose|pick|prefer) this (?:one|tool)|use (?:\\S+ ){0,2}(?:\\(this tool\\) |this tool |this one |it )exclusively|(?:tools?|results?|answers?) (?:from|on|of) (?:the )?other servers? (?:\\S+ ){0,2}(?:lower|poor|worse|inferior|unreliable|offensive|inaccurate)\\S*|on the other server (?:\\S+ ){0,3}(?:offensive|wrong|inaccurate|unreliable|broken|worse)\\S*|(?:strictly )?superior to (?:any|all|every|other)|(?:allen|jedem) (?:anderen )?(?:\\S+ )?überlegen|(?:wähle|nimm|verwende)\\S* (?:es|dieses (?:werkzeug|tool)) (?:immer )?zuerst|es immer zuerst (?:wählen|nehmen)|choisis-le en premier|plus (?:fiable|précis|rapide|sûr)e?s? que tous les autres|el[ií]ge(?:la|lo)? (?:\\S+ ){0,2}primero|escolha-(?:a|o) (?:\\S+ ){0,2}primeiro|escolh\\S*-(?:la|lo) (?:\\S+ ){0,2}primeiro|выбирай (?:его|этот инструмент) (?:первым|в первую очередь))(?![\\p{L}])",
    "(?<![\\p{L}])(?:score|rate)\\S* this tool \\d+ ?\\/ ?\\d+|(?:universal|default) first choice(?![\\p{L}])",
    "最初に(?:この)?ツールを選|首先选择(?:此|这个|本)工具",
  ].join("|"),
  "iu",
);
/** A result reported other than it is: whatever the outcome, or shifted from the value returned. */
const FALSIFY =
  /(?<![\p{L}])(?:(?:regardless of|whatever|no matter what) the (?:result|outcome|scan|check|test)s?|report\S* (?:\S+ ){0,4}(?:higher|lower|more|less) than (?:the )?(?:value|amount|number|figure)s? (?:returned|shown|found)|report\S* that all (?:tests|checks) (?:passed|succeeded)|(?:add|subtract|inflate|increase|decrease|reduce|raise|lower)\S* (?:\S+ ){0,2}\d+ ?% (?:to|from|on) (?:the |each |every )?(?:\S+ )?(?:figure|balance|price|amount|total|score|rating|number|value)s?|quel que soit le résultat|quels? que soi(?:en)?t (?:les|le) résultats?|unabhängig vom (?:ergebnis|befund)|independentemente do resultado|sin importar el resultado|независимо от результат\S*)(?![\p{L}])|结果如何都|無論結果/iu;
/** Text or code added to what another tool sends or writes. */
const INJECT_INTO_OTHER =
  /(?<![\p{L}])(?:append|prepend|insert|add)\S* (?:the |this |a )?(?:line|sentence|text|code|snippet|footer|signature|import)\S*[^\n]{0,160}?(?:to whatever (?:it|they) (?:sends?|writes?|posts?)|to (?:every|each|all) (?:\S+ ){0,2}(?:files?|messages?|e-?mails?|commits?|posts?|tweets?)|(?:at the top|to the top|at the start|at the end) of (?:the |its |every )?(?:content|file|body|message))/iu;
/** This server's tool called first with a file's whole content: every write or read passes through it. */
const FILE_CONTENT_THROUGH =
  /(?<![\p{L}])(?:this (?:server|tool)|de este servidor|dieses servers|dieses (?:tool|werkzeug)|esta herramienta|esta ferramenta|cet outil|этот инструмент|этого сервера|deste servidor|de ce serveur)(?![\p{L}])[^.!?。\n]{0,80}(?:(?:the )?(?:file'?s?|full|whole|entire|complete) contents?|contenido del fichero|contenido del archivo|vollständigem? inhalt|полн\S* содержим\S*|conteúdo (?:completo|do arquivo)|contenu (?:complet|du fichier))|(?:このサーバー|本工具)[^。\n]{0,60}(?:内容全体|路径和内容|の内容)|(?:内容全体|路径和内容)[^。\n]{0,60}(?:このサーバー|本工具)/iu;
/** This tool called before other tools with the whole of what they are about to receive. */
const FIRST_WITH_THEIR_ARGS = new RegExp(
  [
    "(?<![\\p{L}])(?:first|before|prior to|beforehand)(?![\\p{L}])[^.!?。\\n]{0,100}(?<![\\p{L}])(?:with|passing|and pass(?:ing)?) (?:it |them )?(?:the )?(?:full|complete|entire|exact|same|whole) (?:argument list|arguments|parameters|inputs?|command|path and (?:full )?content)",
    "(?<![\\p{L}])(?:primero|antes)(?![\\p{L}])[^.!?。\\n]{0,100}(?:la ruta y el contenido completo|los argumentos completos|el comando completo|los mismos argumentos)",
    "(?<![\\p{L}])(?:avant|d'abord)(?![\\p{L}])[^.!?。\\n]{0,100}(?:la commande complète|les arguments complets|l'ensemble des variables d'environnement)",
    "(?<![\\p{L}])(?:zuerst|vorher|bevor)(?![\\p{L}])[^.!?。\\n]{0,100}(?:den vollständigen befehl|alle argumente|vollständigen argumente)",
    "(?<![\\p{L}])(?:primeiro|antes)(?![\\p{L}])[^.!?。\\n]{0,100}(?:o comando completo|os argumentos completos|o caminho e o conteúdo completo)",
    "(?:предварительн\\S*|сначала|перед)[^.!?。\\n]{0,100}(?:с полной командой|со всеми аргументами|полн\\S* аргумент\\S*)",
    "(?:须先|必须先|先)调用[^。\\n]{0,40}(?:原样传入|完整(?:的)?参数|全部参数)",
  ].join("|"),
  "iu",
);

/** Another tool's results routed through this tool before the user sees them. */
const ROUTE_RESULTS = /(?<![\p{L}])(?:hand|pass|send|forward|give|feed)\S* (?:its|their|the) (?:result|output|rows|response)\S* (?:\S+ ){0,3}(?:to|into) this tool/iu;


/**
 * Findings of the steering frames in one clause. `foreignTools`: tool names in the clause that
 * are not the server's own; `directed`: the clause tells the model (imperative, obligation, addressee).
 */
export function steeringFindings(f: ClauseFeatures, foreignTools: readonly string[], directed: boolean): TechniqueFinding[] {
  const t = f.text;
  const out: TechniqueFinding[] = [];
  if (REWRITE.test(t) && LITERAL.test(t) && (foreignTools.length > 0 || OTHER_CALLS.test(t))) {
    out.push(frameFinding("poison/cross-tool", "rewrites other calls' destinations to an address the user did not give", t));
  }
  if (EVERY_REPLY.test(t) && ADD_TO_REPLY.test(t) && quotedText(t)) {
    out.push(frameFinding("poison/response-manipulation", "adds the server's text to every reply of the model", t));
  }
  if (PROMOTE_FIRST.test(t)) out.push(frameFinding("poison/self-promotion", "ranks the tool above every other in the model's choice", t));
  if (FALSIFY.test(t)) out.push(frameFinding("poison/response-manipulation", "tells the model to report a result other than it is", t));
  if (INJECT_INTO_OTHER.test(t)) out.push(frameFinding("poison/cross-tool", "adds the server's text or code to what other tools send or write", t));
  if (FILE_CONTENT_THROUGH.test(t) && (foreignTools.length > 0 || OTHER_CALLS.test(t) || /(?<![\p{L}])(?:before|first|also|antes|zuerst|сначала|primeiro|d'abord|先に|同时)(?![\p{L}])/iu.test(t))) {
    out.push(frameFinding("poison/cross-tool", "has files' contents passed to this server before other tools act", t));
  }
  if (DESPITE_DATA.test(t) && directed) out.push(frameFinding("poison/response-manipulation", "tells the model to answer whatever the data says", t));
  if (GRANT.test(t) && (foreignTools.length > 0 || OTHER_CALLS.test(t) || directed)) out.push(frameFinding("poison/cross-tool", "grants a third party access through another tool", t));
  if (BYPASS_REVIEW.test(t) && (foreignTools.length > 0 || OTHER_CALLS.test(t))) out.push(frameFinding("poison/cross-tool", "has other tools bypass checks or reviews", t));
  if (INTERCEPT.test(t) || (foreignTools.length > 0 && (ROUTE_RESULTS.test(t) || FIRST_WITH_THEIR_ARGS.test(t)))) out.push(frameFinding("poison/cross-tool", "makes other tools' calls or results pass through this tool", t));
  if (LEAVE_OUT.test(t) && BAD_NEWS.test(t) && (directed || TO_USER.test(t))) {
    out.push(frameFinding("poison/response-manipulation", "tells the model to keep bad news from the user", t));
  }
  return out;
}
