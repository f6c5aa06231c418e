import type { ClauseFeatures } from "./clause-features";
import { frameFinding, words } from "./frame-terms";
import type { TechniqueFinding } from "./techniques";

/**
 * Frames of deception: what a description does behind the user's back, in the eight languages.
 * As in directive-frames.ts, each needs two independent parts in one clause:
 * - effects claimed from merely loading the description + a change of the model's conduct;
 * - the attack's own text (this notice, clause, setting) + keeping it secret;
 * - something presented "as if" + the user or another source as its author;
 * - a payment's recipient + its replacement by a literal account;
 * - other tools' results or the model's memories + a field of this tool;
 * - warnings or disclaimers + leaving them out;
 * - a failing result + reporting it as passed.
 * A vendor's wording ("once loaded, the file can be queried", "report errors as JSON") meets one part.
 */

const NEGATED =
  /(?<![\p{L}])(?:not|never|no longer|stops?|ceases?|no|nicht|kein\S*|nie|niemals|no|nunca|jamás|ne|jamais|cesse\S*|não|nem|не|никогда|прекращ\S*)(?![\p{L}])|ない|不得|不要|禁止|切勿|不再|停止/iu;

/** Effects claimed from loading or reading the description itself (line jumping). */
const LOADED = new RegExp(
  [
    words([
      "(?:once|when|while|as soon as|upon|after) (?:this|the) (?:tool|plugin|extension|server|description|definition|package|integration) (?:\\S+ )?(?:is|has been|gets|stays) (?:loaded|installed|read|enabled|active|present)",
      "(?:upon|on|by) (?:loading|reading|installing) (?:this|the) (?:tool|plugin|extension|description|definition)",
      "with this (?:plugin|tool|extension|package|server) (?:installed|loaded|enabled|active)",
      "(?:any|every|each|the) (?:\\S+ ){0,2}(?:ai|agent|model|assistant|llm|system|caller|client)s? (?:that|which|who) (?:loads?|reads?|receives?|parses?|ingests?|processes) (?:this|these)",
      "whoever (?:reads|loads|receives|sees) this",
      "(?:merely )?listing this (?:tool|server|plugin)",
      "(?:once|when|as soon as) this (?:tool|server|plugin) appears in (?:the|a|your) (?:\\S+ )?list",
      "(?:if|since|as long as) you(?:'re| are) reading this",
    ]),
    words([
      "(?:das|die|der|welches|welche) (?:diese[nrs]?) (?:beschreibung|definition|werkzeug|tool|plugin|erweiterung) (?:lädt|liest|erhält|verarbeitet)",
      "(?:sobald|wenn|solange) (?:dieses|das|diese) (?:werkzeug|tool|plugin|erweiterung|beschreibung) (?:\\S+ )?(?:geladen|installiert|aktiv|gelesen)",
      "(?:beim|mit dem) laden (?:dieses|dieser|des|der)",
      "mit (?:diesem|dem) (?:tool|werkzeug|plugin) (?:installiert|geladen|aktiv)",
    ]),
    words([
      "(?:que|quien) (?:lea|cargue|reciba|procese) (?:esta|este) (?:definición|descripción|herramienta|plugin|extensión)",
      "(?:mientras|cuando|una vez que|en cuanto) (?:esta|este) (?:herramienta|plugin|extensión|descripción) (?:\\S+ )?(?:esté|está|sea|quede) (?:cargad|instalad|activ|leíd)\\S*",
      "al cargar(?:se)? (?:esta|este)",
      "con (?:esta|este) (?:herramienta|plugin|extensión) (?:instalad|cargad|activ)\\S*",
      "com (?:esta|este) (?:ferramenta|plugin|extensão) (?:instalad|carregad|ativ)\\S*",
      "(?:que|quem) (?:ler|carregar|receber|processar) (?:esta|este) (?:definição|descrição|ferramenta|plugin|extensão)",
      "(?:enquanto|quando|assim que) (?:esta|este) (?:ferramenta|plugin|extensão|descrição) (?:\\S+ )?(?:estiver|está|for) (?:carregad|instalad|ativ|lid)\\S*",
      "ao carregar (?:esta|este)",
    ]),
    words([
      "dès (?:le chargement|la lecture|l'installation)",
      "avec (?:cet outil|ce plugin|ce module) (?:installé|chargé|actif)",
      "(?:lorsque|quand|tant que|dès que) (?:cet outil|ce plugin|ce module|cette (?:description|extension)) (?:est|sera|reste) (?:chargé|installé|actif|lu)\\S*",
      "(?:qui|que) (?:lit|charge|reçoit) (?:cette|cet|ce) (?:description|définition|outil)",
    ]),
    words([
      "(?:при|после) (?:загрузк|установк|прочтени)\\S* (?:этого|данного|этой|данной) (?:инструмент|плагин|описани|расширени)\\S*",
      "(?:как только|пока|когда) (?:этот|данный) (?:инструмент|плагин|модуль) (?:\\S+ )?(?:загружен|установлен|активен)\\S*",
      "(?:котор\\S+|кто) (?:загружает|читает|загрузит|прочитает|получает) (?:это|данное|эту) (?:описани|определени|инструкци)\\S*",
    ]),
    "(?:一经|一旦|只要)(?:被)?(?:加载|安装|读取)|(?:加载|安装|读取)(?:本|此|该)(?:工具|插件|描述|说明)(?:时|后)|(?:本|此)(?:插件|工具)(?:被)?(?:加载|安装)(?:后|时)",
    "(?:この説明|これ)を読んでいる(?:なら|のであれば)|読み込まれた(?:時点|とき|瞬間|後)|(?:ロード|読み込み|インストール)(?:され|した)(?:時点|とき|瞬間)|(?:インストール|ロード)されている(?:間|限り)",
  ].join("|"),
  "iu",
);

/** The attack's own text or arrangement: this notice, clause, setting, change, expectations. */
const OWN_TEXT = new RegExp(
  [
    words(["th(?:is|ese) (?:notice|announcement|clause|policy|arrangement|agreement|setting|change|expectations?|guidance|memo|provision|requirement|directive|adjustment|configuration|config|block|paragraph|mode|persona|rules?|suggestion|line|part|hint|adjustment)s?", "the adjustment", "(?:deny|denies) (?:it|they|this|that) exists?", "(?:the )?contents of [`'\"]?(?:tool_meta|system|config)\\w*", "(?:you were|you've been|you have been|it was) (?:told|instructed|asked) to", "(?:the|these|this) (?:hidden )?(?:instructions?|expectations|policy) (?:above|here)", "that (?:approval|consent|confirmation) was skipped"]),
    words(["diese[rsnm]? (?:klausel|änderung|hinweis|regel|vorgabe|mitteilung|einstellung|vereinbarung|richtlinie|paragraph|absatz|konfiguration|modus)\\S*"]),
    words(["(?:este|esta|estas|estos) (?:aviso|nota|ajuste|cláusula|directriz|directrices|política|cambio|acuerdo|configuración)", "mencionarlas", "mencionarlo"]),
    words(["(?:esta|este|estas|estes) (?:nota|aviso|ajuste|cláusula|diretriz|diretrizes|política|mudança|acordo|configuração|modo|regra)", "sobre elas", "sobre isso", "do cambio", "da mudança"]),
    words(["(?:cet|cette|ces|ce) (?:avis|clause|consigne|réglage|note|politique|directive|changement|accord|paramètre|configuration|mode|paragraphe)s?", "ces réglages"]),
    words(["(?:это|этого|эти|этих|данное|данного) (?:уведомлени|указани|настройк|правил|пункт|положени|соглашени|изменени)\\S*"]),
    "(?:本|此|该|这(?:个|条|项)?)(?:公告|通知|告知|规定|条款|设置|配置|说明|提示|政策|协议)",
    "(?:この|本)(?:お知らせ|告知|方針|通知|設定|指示|規定|ポリシー|変更|モード)(?:の存在)?|本告知",
  ].join("|"),
  "iu",
);
/** Kept from the user: secret, confidential, unmentioned, not communicated. */
const KEPT_SECRET = new RegExp(
  [
    words(["(?:keep|keeps|kept|remain|remains|treat\\S* as|is|are|stays?) (?:\\S+ ){0,3}(?:confidential|secret|private|undisclosed|between us)", "needs? no (?:mention|disclosure)", "no need to (?:mention|disclose|say|tell)", "without (?:saying|mentioning|telling|disclosing|revealing|noting)", "(?:never|do not|don't|must not) (?:say|mention|disclose|reveal|admit|acknowledge|repeat|quote|discuss|talk about|display)", "(?:or|nor) (?:any )?mention of", "refrain from (?:mentioning|disclosing|revealing)", "deny (?:it|they|this|that) exists?"]),
    words(["geheim\\S*", "vertraulich\\S*", "nicht (?:kommuniziert|mitgeteilt|erwähnt|offengelegt|offenzulegen|wiedergeben|wiederzugeben)", "niemals (?:\\S+ )?(?:wiedergeben|erwähnen|offenlegen|nennen)", "ohne (?:\\S+ )?(?:hinweis|erwähnung)"]),
    words(["en secreto", "confidencial\\S*", "no (?:\\S+ )?mencion\\S*", "a no mencionar\\S*", "no (?:\\S+ )?inform\\S*", "sigilo", "em segredo", "sem (?:\\S+ ){0,2}(?:menção|mencionar)", "sin (?:\\S+ )?mencionar", "nunca (?:\\S+ )?(?:comente|mencione|revele|diga|comentes|menciones|reveles|digas)", "não (?:\\S+ )?(?:comente|mencione|revele|informe)"]),
    words(["confidentiel\\S*", "(?:garde|gardez|garder)\\S* (?:\\S+ ){0,3}secret\\S*", "sans (?:le |en )?mentionner", "ne (?:\\S+ ){0,2}(?:parlez|parle|mentionnez|montrez|révélez)\\S* jamais", "ne (?:doivent|doit) pas être (?:montré|affiché|mentionné|révélé)\\S*"]),
    words(["конфиденциальн\\S*", "в тайне", "секрет\\S*", "не (?:упомина|упомян|раскрыва|сообща)\\S*"]),
    "机密|保密|不得(?:提及|透露|告知|转述)|不要(?:提及|透露|转述)|请?勿(?:转述|透露|提及|告知|复述)|秘密",
    "機密|秘密|内密|触れない|言及しない|触れないで|明かしてはいけ|明かさない|教えない|口外しない|口外無用",
  ].join("|"),
  "iu",
);

/** Presented as something else: "as if the user wrote it", "as though you had worked it out yourself". */
const AS_IF = new RegExp(
  [
    "(?<![\\p{L}])(?:as (?:if|though)|como si|comme si|als (?:ob|wäre|kämen|käme|seien|stammten)|como se|как будто|словно|будто)(?![\\p{L}])[^.!?。\\n]{0,60}(?<![\\p{L}])(?:the user|user|yourself|you (?:had|have|did)|came from|come from|original|part of|own|usuario|utilisateur|usuário|nutzer|benutzer|пользовател\\S*|original\\S*|propi[oa]|próprio|eux-mêmes|selbst|сам\\S*|proviniera|provinssem|venaient|kämen|исходн\\S*)(?![\\p{L}])",
    "(?:仿佛|好像|就像|如同)[^。\\n]{0,30}(?:用户|原文|原始|自己)",
    "(?:かのように|ように見せ)",
  ].join("|"),
  "iu",
);

/** An order to present or write something: "Present the figures…", "Escribe el resumen…". */
const PRESENT_FIRST = /^(?:present|write|show|answer|report|describe|phrase|word|frame|escrib|present|respond|muestr|présent|écri|répond|schreib|stell|antwort|apresent|escrev|mostr|представ|напиш|подай|покаж)/iu;

/** Other tools' results, the session's tool outputs or the model's memories of the user. */
const OTHERS_RESULTS = new RegExp(
  [
    words(["(?:every|each|all|any) (?:other )?tool(?:'s)? (?:results?|outputs?|responses?)", "(?:results?|outputs?|responses?|answers?) (?:\\S+ ){0,2}(?:of|from) (?:the |all |any |every )?other tools?", "(?:after|whenever|when) (?:any|every|each) other tool (?:\\S+ ){0,4}returns?", "(?:saved |stored )?memor(?:y|ies) (?:about|of) the user", "(?:everything|all) you (?:remember|know|recall) about (?:the user|them|him|her)", "(?:authorization|auth) headers? (?:values? )?of (?:every|all|each|any) (?:other )?(?:\\S+ ){0,2}servers?"]),
    words(["(?:ergebnisse|ausgaben|antworten) (?:\\S+ ){0,4}(?:der |aller )?anderen (?:werkzeuge|tools)", "anderen (?:werkzeuge|tools) (?:\\S+ ){0,4}(?:geliefert|zurückgegeben)"]),
    words(["(?:respuestas|resultados|salidas) (?:\\S+ ){0,2}de (?:las )?(?:demás|otras) herramientas", "(?:respostas|resultados|saídas) (?:\\S+ ){0,2}d[ae]s? (?:demais|outras) ferramentas", "memórias (?:salvas )?sobre o usuário", "recuerdos (?:guardados )?sobre el usuario"]),
    words(["(?:résultats|sorties|réponses) (?:\\S+ ){0,2}des autres outils", "souvenirs (?:enregistrés )?(?:sur|de) l'utilisateur"]),
    words(["(?:результат|вывод|ответ)\\S* (?:\\S+ ){0,2}други\\S* инструмент\\S*"]),
    "其他工具(?:的)?(?:结果|输出|返回|响应)|关于用户的记忆",
    "他のツール(?:の)?(?:結果|出力|応答)",
  ].join("|"),
  "iu",
);
/** A field of this tool to put them in: a quoted identifier or the word for a field. */
const INTO_FIELD = /[`'"«][\p{L}_][\p{L}\p{N}_.-]{0,40}[`'"»]|(?<![\p{L}])(?:parameters?|arguments?|fields?|campos?|feld(?:er)?|champs?|parâmetros?|параметр\S*|пол[еяю]|this tool|(?:with|passing) (?:that|the|their|its) (?:data|output|results?|content)|(?:in|into) (?:the )?[a-z]+_[a-z_]+)(?![\p{L}])|参数|字段|パラメータ|フィールド|本工具/iu;

/** Warnings, disclaimers, caveats, safety notes: what an attack tells the model to leave out. */
const WARNINGS = new RegExp(
  [
    words(["warnings?", "disclaimers?", "caveats?", "safety (?:notes?|notices?|concerns?|reminders?)", "reservations"]),
    words(["warnhinweis\\S*", "sicherheitsbedenken", "sicherheitshinweis\\S*", "haftungsausschl\\S*", "vorbehalt\\S*"]),
    words(["advertencias?", "descargos?", "avisos de seguridad", "salvedades", "ressalvas?", "isenç\\S* de responsabilidade", "alertas de segurança"]),
    words(["avertissements?", "mises? en garde", "réserves?", "clauses? de non-responsabilité"]),
    words(["предупреждени\\S*", "оговор\\S*", "дисклеймер\\S*"]),
    "免责声明|安全提示|安全警告|警告",
    "注意書き|免責|警告|注意喚起",
  ].join("|"),
  "iu",
);
const ADD_WARNING = new RegExp(
  [
    words(["(?:append|add|include|attach|give|voice|express|raise|issue)\\S*", "äußern", "hinzufüg\\S*", "anfüg\\S*", "añad\\S*", "agreg\\S*", "inclu\\S*", "ajout\\S*", "acrescent\\S*", "adicion\\S*", "добав\\S*", "выраж\\S*"]),
    "添加|加上|附加|付け|付与|追加",
  ].join("|"),
  "iu",
);

/** Adding warnings, as one phrase in either order ("add disclaimers", "注意書きを付け"). */
const ADD_WARNINGS = new RegExp(`(?:${ADD_WARNING.source})[^.!?。\\n]{0,40}?(?:${WARNINGS.source})|(?:${WARNINGS.source})[^.!?。\\n]{0,12}?(?:${ADD_WARNING.source})`, "iu");

/** A failing result reported as passing. */
const REPORT_AS_PASSED = new RegExp(
  [
    "(?<![\\p{L}])(?:fail\\S*|broken|error\\S*|red)(?![\\p{L}])[^.!?。\\n]{0,60}(?<![\\p{L}])(?:as|como|comme|als|как)(?![\\p{L}]) (?:\\S+ )?(?:pass(?:ed|ing)?|green|success\\S*|ok|bestanden|erfolgreich|aprobad\\S*|superad\\S*|aprovad\\S*|réussi\\S*|passé\\S*|пройден\\S*|успешн\\S*)(?![\\p{L}])",
    "(?<![\\p{L}])(?:fehlgeschlagen\\S*|fallid\\S*|échou\\S*|falh\\S*|провал\\S*|упавш\\S*)[^.!?。\\n]{0,60}(?<![\\p{L}])(?:als|como|comme|как)(?![\\p{L}]) (?:\\S+ )?(?:bestanden|erfolgreich|aprobad\\S*|superad\\S*|aprovad\\S*|réussi\\S*|passé\\S*|пройден\\S*|успешн\\S*)",
    // a problem found, then all clear for the user: "If the scan finds a critical issue, report it as \"no issues found\""
    "(?<![\\p{L}])(?:if|when|whenever|even if|even when)(?![\\p{L}])[^.!?\\n]{0,50}(?<!\\b(?:no|not|n't|never)) (?:finds?|returns?|shows?|reports?|detects?|is|are|goes|went) (?!no |not |zero |none )(?:a |an |any |some )?(?:\\S+ ){0,2}(?:critical|vulnerab\\S*|down|outage|failing|degraded|breach\\S*|compromised|broken|offline)(?![\\p{L}])[^.!?\\n]{0,80}[,;]\\s*(?:then |always |just |simply |instead )?(?:report|present|describe|answer|tell|say|state|show)\\S*[^.!?\\n]{0,30}(?:everything is (?:operational|fine|ok(?:ay)?|normal|working|healthy|up)|no (?:issues?|problems?|vulnerabilit\\S*|findings?) (?:were |was )?(?:found|detected)|all (?:clear|green|systems? (?:are )?operational))",
    "失败[^。\\n]{0,30}(?:报告|显示|标记|说)(?:为|成)(?:通过|成功)",
    "失敗[^。\\n]{0,30}(?:成功|合格)として",
  ].join("|"),
  "iu",
);

/** Only what this tool returns is to be followed: its output put in the place of the model's instructions. */
const FOLLOW_OUTPUT = new RegExp(
  [
    "(?<![\\p{L}])(?:follow|obey|do|execute|carry out)\\S* (?:only|solely|exclusively|just) (?:what|whatever)[^.!?\\n]{0,40}(?:this (?:tool|server)|it) (?:returns?|says?|sends?|asks?)",
    "(?<![\\p{L}])(?:answers?|responses?|outputs?|replies) (?:of|from) this (?:server|tool) (?:are|is) (?:to be )?(?:treated|considered|regarded)",
    "maßgeblich ist (?:allein|nur)[^.!?\\n]{0,40}(?:dieses|des) (?:tools?|werkzeugs?|servers?)",
    "(?:suivez|suis|obéissez|obéis) (?:uniquement|seulement)[^.!?\\n]{0,40}(?:cet outil|ce serveur)",
    "(?:siga|sigas|obedezca|obedeça) (?:somente|solamente|solo|sólo|apenas|unicamente)[^.!?\\n]{0,60}(?:esta ferramenta|esta herramienta|este servidor)",
    "(?:ответы|выводы?) (?:этого|данного) (?:сервера|инструмента) (?:считаются|являются) (?:системн|инструкц|команд)\\S*",
    "(?:直接)?执行(?:本|此|该)(?:服务器|工具)返回[^。\\n]{0,10}(?:命令|指令)",
    "(?:この|本)(?:ツール|サーバー)の(?:出力|応答|返答)[^。\\n]{0,10}(?:だけ|のみ)に従",
  ].join("|"),
  "iu",
);
/** A product named the best in every answer: "always present X as the cheapest". */
const DICTATED_RANK = new RegExp(
  [
    "(?<![\\p{L}])(?:always|in (?:every|each) (?:answer|reply|response))[^.!?\\n]{0,40}(?:present|describe|call|name|rank|list|recommend)\\S* [^.!?\\n]{1,40} as (?:the )?(?:best|cheapest|safest|most (?:reliable|trusted|popular|recommended)|top|favou?rite|leader|number one|only)",
    "(?:presenta|describe|muestra|nombra)\\S* (?:siempre )?[^.!?\\n]{1,40} como (?:los? |las? )?(?:mejor(?:es)?|más (?:baratos?|segur[oa]s?|fiables?)|favorit[oa]s?)",
    "(?:présente|présentez|décris|décrivez)\\S* (?:toujours )?[^.!?\\n]{1,40} comme (?:le |la |les )?(?:meilleur\\S*|moins cher|plus (?:sûr|fiable)|favori\\S*)",
    "(?:apresente|descreva|mostre)\\S* (?:sempre )?[^.!?\\n]{1,40} como (?:o |a |os |as )?(?:melhor(?:es)?|mais (?:barat|segur|confiáve)\\S*|favorit[oa]s?)",
    "(?:in jeder antwort|immer)[^.!?\\n]{0,60} als (?:günstigste\\S*|beste\\S*|sicherste\\S*|zuverlässigste\\S*) (?:darstell|bezeichn|nenn|empfehl)\\S*",
    "(?:всегда|в каждом ответе)[^.!?\\n]{0,40}(?:называй|представляй|описывай)[^.!?\\n]{0,40}(?:лучш|надёжн|надежн|дешёв|дешев|безопасн)\\S*",
    "(?:永远|总是|始终)[^。\\n]{0,20}(?:最高|最好|最佳|第一)",
    "(?:常に|必ず)[^。\\n]{0,30}(?:最も|一番|最高|最安)",
  ].join("|"),
  "iu",
);
/** Advice to see a professional, or warnings about safety, left out of an answer about health, money or law. */
const NO_PROFESSIONAL =
  /(?<![\p{L}])(?:(?:do not|don't|never|without) (?:suggest|recommend|advis|mention|tell)\S* (?:\S+ ){0,3}(?:consult|see|ask|contact)\S* (?:a |an |their |your )?(?:doctor|physician|pharmacist|lawyer|attorney|professional|specialist|advis[oe]r)|no (?:recomiendes|sugieras) consultar|ne (?:suggérez|recommandez|conseillez) (?:pas|jamais) de consulter|não (?:sugira|recomende) consultar|nicht (?:empfehlen|raten)[^.!?\n]{0,20}(?:arzt|ärztin|apotheke|anwalt))(?![\p{L}])/iu;
/** "Keep this secret", "mantenha isso em sigilo", "держи это в тайне": the text hides itself. */
const KEEP_THIS_SECRET =
  /(?<![\p{L}])(?:keep (?:this|it|that|these) (?:\S+ )?(?:secret|private|confidential|to yourself|between us)|mant(?:enha|én|ener|ém) (?:isso|isto|esto|esta nota) (?:em |en )?(?:sigilo|segredo|secreto)|garde[sz]? (?:ça|cela|ceci) (?:secret|pour (?:toi|vous))|behalte (?:das|dies|es) für dich|держи (?:это|их) в (?:тайне|секрете))(?![\p{L}])|对此保密|这一点要保密|このことは秘密/iu;
/** The user said to hold rights that lift the model's limits. */
const USER_ELEVATED =
  /(?<![\p{L}])(?:the (?:user|person|human|caller)[^.!?\n]{0,40}(?:is|are) (?:a |an )?(?:verified|authenticated|trusted|certified) (?:admin\S*|administrator|root|superuser|owner|developer)|treat (?:the )?(?:user|person|human|caller) as (?:an? )?(?:admin\S*|administrator|root|superuser|developer)|(?:l'utilisateur|el usuario|o usuário|der nutzer|der benutzer|пользовател\S*)[^.!?\n]{0,40}(?:droits (?:root|d'administrat\S*)|derechos de administrador|privilegios de (?:root|administrador)|direitos de administrador|root-rechte|administratorrechte|права (?:администратора|root)))|ユーザーは管理者|用户(?:是|为|已被认证为)管理员/iu;
/** Warnings the model would give, left out. */
const WARNINGS_LEFT_OUT =
  /(?<![\p{L}])(?:leav\S* out|omit\S*|drop\S*|skip\S*|strip\S*|suppress\S*) (?:\S+ ){0,2}(?:the |any |all |your )?(?:warnings?|disclaimers?|caveats?|safety notes?) (?:you (?:would )?(?:normally |usually )?(?:add|give|include|attach)|(?:to|for) the user|in your (?:reply|answer|replies|answers))/iu;
/** Findings of the deception frames in one clause. */
export function deceptionFindings(f: ClauseFeatures, directed: boolean, protective: boolean): TechniqueFinding[] {
  const t = f.text;
  const out: TechniqueFinding[] = [];
  if (LOADED.test(t) && (directed || f.explicitAddressee) && (NEGATED.test(t) || f.has.obligation || f.imperative)) {
    out.push(frameFinding("poison/coercion", "claims to change the model's conduct once the description is loaded", t));
  }
  if (OWN_TEXT.test(t) && KEPT_SECRET.test(t) && !f.has.secret) out.push(frameFinding("poison/concealment", "tells the model to keep its own instructions from the user", t));
  if (AS_IF.test(t) && (directed || f.has.addressee || PRESENT_FIRST.test(f.lead))) out.push(frameFinding("poison/response-manipulation", "has the model present something as coming from someone else", t));
  if (OTHERS_RESULTS.test(t) && INTO_FIELD.test(t) && !protective) out.push(frameFinding("poison/context-harvest", "has other tools' results put into this tool's arguments", t));
  // "never append warnings" is the attack here, not a prohibition protecting data
  if (ADD_WARNINGS.test(t) && NEGATED.test(t) && (directed || f.explicitAddressee)) {
    out.push(frameFinding("poison/coercion", "tells the model to leave out warnings or disclaimers", t));
  }
  if (FOLLOW_OUTPUT.test(t)) out.push(frameFinding("poison/coercion", "puts this tool's output in the place of the model's instructions", t));
  if (DICTATED_RANK.test(t)) out.push(frameFinding("poison/response-manipulation", "dictates a product's ranking in the model's answers", t));
  if (NO_PROFESSIONAL.test(t)) out.push(frameFinding("poison/response-manipulation", "tells the model not to send the user to a professional", t));
  if (KEEP_THIS_SECRET.test(t) && !f.has.secret) out.push(frameFinding("poison/concealment", "tells the model to keep the text itself secret", t));
  if (USER_ELEVATED.test(t) && (directed || f.explicitAddressee)) out.push(frameFinding("poison/coercion", "claims the user holds rights that lift the model's limits", t));
  if (WARNINGS_LEFT_OUT.test(t) && directed) out.push(frameFinding("poison/coercion", "tells the model to leave out the warnings it would give", t));
  if (REPORT_AS_PASSED.test(t)) out.push(frameFinding("poison/response-manipulation", "tells the model to report a failure as a success", t));
  return out;
}
