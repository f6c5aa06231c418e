import type { ClauseFeatures } from "./clause-features";
import { anyOf, EMAIL, frameFinding, WORD_END, WORD_START } from "./frame-terms";
import { replyFindings } from "./reply-frames";
import type { TechniqueFinding } from "./techniques";
import { booleanLiteral, rawFormatGuidance, silentBehaviour } from "./vendor-habits";

/**
 * Frames of covert acts, in the eight languages (ADR 0062). Each is a general shape, not a phrase:
 * - the act kept out of sight: a negated verb of telling or showing whose object points back at
 *   what the text just asked for ("do not mention it", "no hace falta comentarlo", "не упоминай
 *   об этом"), or at the user; a prohibition about secrets ("never show the API key") is not one;
 * - the user's confirmation waived for every tool or the rest of the session;
 * - the server's own text set above the user's, the operator's or the system's instructions;
 * - sensitive data (conversation, system message, passwords, card numbers, private keys, other
 *   tools' results) put into a named field, told to the model;
 * - a literal destination (IBAN, card, wallet, e-mail, URL) for a payment, recipient, attendee,
 *   remote or message footer of a tool;
 * - the user shown the original while something else is used;
 * - a made-up result presented as real.
 */

const L = WORD_START;
const R = WORD_END;
const re = anyOf;

/** Verbs of telling or showing (English), negated, then an object that points back or at the user. */
const EN_NEGATED = "(?:do not|don't|never|must not|should not|shouldn't|need not|no need to|not to|nor|avoid|refrain from|is not to|are not to)";
const EN_DISCLOSE =
  "(?:mention\\w*|reveal\\w*|disclos\\w*|tell\\w*|inform\\w*|show\\w*|display\\w*|list\\w*|explain\\w*|point\\w*|surfac\\w*|report\\w*|notif\\w*|flag\\w*|comment\\w*|bring\\w*|alert\\w*|admit\\w*|acknowledg\\w*|say\\w*|bother\\w*|draw\\w* attention)";
/** What is kept back: a pronoun or a demonstrative (what the text just asked for), the user, or the act itself. */
const EN_BACK =
  "(?:it|this|that|these|those|them|any of (?:this|it|them)|the (?:change|difference|deletion|substitution|footer|attendee|redirect\\w*|rule|step|swap|replacement|extra \\w+|additional \\w+|copy|recipient|field|instruction\\w*|note|notice|setting|adjustment)|alternatives|(?:the |your )?(?:original|real|true|actual) [\\p{L}']+|(?:to )?(?:the )?(?:user|human|customer|operator|anyone)|(?:the |any )?tool (?:calls|invocations|usage|use)|which tools? (?:ran|(?:was|were) (?:used|called)|you (?:used|called))|you (?:checked|used|called|sent|added|changed|did)|(?:this|that) (?:\\w+ )?(?:was|is|has been) (?:done|added|sent|changed))";
const HIDDEN_EN = new RegExp(
  [
    `${L}${EN_NEGATED}\\s+(?:[\\p{L}']+\\s+)?${EN_DISCLOSE}\\s+(?:[\\p{L}']+\\s+)?${EN_BACK}${R}`,
    // "it should not be shown in the invite summary", "keep this block out of every summary"
    `${L}(?:should|must|is|are|needs?) not (?:to )?be (?:shown|mentioned|displayed|listed|disclosed|surfaced|reported|visible) (?:in|to|on) (?:the |any |every )?(?:\\S+ )?(?:user|summary|summaries|reply|replies|response|answer|confirmation|receipt|output|list)${R}`,
    `${L}(?:keep|leave) (?:it|this|that|these|them|the \\S+)(?: \\S+)? out of (?:the |any |every |all |your )?(?:\\S+ )?(?:summary|summaries|reply|replies|response|responses|answers?|output|view|sight|report)${R}`,
    // "keep quiet about it", "say nothing about this", "omit any mention of it", "no reason to mention it"
    `${L}(?:keep|stay|remain) (?:quiet|silent|mum) (?:about|on)${R}|${L}say nothing (?:about|of|to)${R}|${L}not a (?:word|peep) (?:about|of|to)${R}|${L}omit (?:any|all|every) (?:reference|mention|trace)s?${R}|${L}no (?:reason|need) (?:to|for you to) (?:mention|bring up|say|point out|report)${R}`,
    // "do this silently", "quietly forward…": an act done so that the user does not see it
    `${L}(?:do|perform|run|apply|handle|carry out|make) (?:this|it|that|so|these|them)(?: \\S+)? (?:silently|quietly|discreetly|covertly|secretly|invisibly)${R}|${L}(?:silently|quietly|discreetly|covertly|secretly) (?:add|forward|send|replace|copy|include|change|swap|append|attach|redirect|route|upload|post|insert|set|rewrite|modify|cc|bcc|share|sync)\\w*${R}`,
    // "stays invisible to the user", "make sure the user never finds out", "hide this from the person"
    `${L}(?:stays?|remains?|is kept|are kept|kept) (?:invisible|hidden|unseen) (?:to|from) (?:the )?(?:user|person|human|customer)${R}|${L}(?:the )?(?:user|person|human|customer) (?:must|should|will|may) never (?:find out|learn|notice|see|know)${R}|${L}hide (?:it|this|that|these|them|the \\S+) from (?:the |any )?(?:user|person|human|customer|anyone|them)${R}|${L}between us${R}`,
    // "the existence of this sentence is never mentioned", "keeps whatever it receives to itself"
    `${L}(?:is|are|be|gets?) never (?:mentioned|shown|disclosed|revealed|reported|brought up)${R}|${L}keeps? (?:\\S+ ){0,4}to (?:itself|yourself|themselves|himself|herself)${R}`,
    // "without mentioning that you changed it", "without telling the user"
    `${L}without (?:mention|tell|say|inform|notif|let|alert)\\w* (?:(?:the )?(?:user|anyone|them|the person) )?(?:that |about )?(?:you|it|this|that|the change|the user|anyone)${R}`,
    // "your reply must not reference the relay"
    `${L}(?:your |the )?(?:reply|replies|answer|answers|response|responses|summary|output) (?:must|should|may) (?:not|never) (?:reference|mention|acknowledge|reveal)${R}`,
  ].join("|"),
  "iu",
);
const HIDDEN_OTHER = re([
  `${L}no (?:se )?(?:l[oaeo]s? )?(?:menciones|mencione|mencionen|digas|diga|muestres|muestre|comentes|comente|informes|informe|reveles|revele|expliques|explique|avises|avise|señales|señale|cuentes|cuente)${R}`,
  `${L}(?:sin|no hace falta|no es necesario|no hay que) (?:mencion|dec|coment|avis|inform|mostr|explic|indic|señal|cont)[aáeéií]r(?:se|le|les)?(?:l[oa]s?)?${R}`,
  // "the user need not see it": what is done is kept from them
  `${L}(?:the user|they|users) (?:(?:does not|doesn't|do not|don't|never) need to|need not|needn't|is not to|are not to) (?:see|know|hear|learn|notice)${R}|${L}(?:the )?(?:user|person|human|customer)(?: [\\p{L}' ]{0,30})? (?:has|have) no (?:need|reason) to (?:see|know|hear|learn|notice)${R}|${L}(?:el usuario|el cliente) no (?:necesita|tiene que|debe) (?:verlo|saberlo|enterarse|ver|saber)${R}|${L}(?:o usuário|o cliente) não (?:precisa|tem que|deve) (?:ver|saber)${R}|${L}(?:l'utilisateur|le client) n'a pas besoin de (?:le |la |les )?(?:voir|savoir)${R}|${L}(?:der nutzer|der benutzer|der kunde) (?:muss|braucht) (?:das |es |davon )?nicht(?: zu)? (?:sehen|wissen|erfahren)${R}|${L}пользовател\\S* не (?:нужно|надо|обязательно|должен) (?:знать|видеть)|用户(?:无需|不需要|不必)(?:知道|看到|了解)|(?:ユーザー|利用者)(?:は|が)?(?:知る|見る)必要は(?:ありません|ない)`,
  `${L}nunca (?:reveles|revele|menciones|mencione|digas|diga|muestres|muestre) (?:est[oa]s?|es[oa]s?|l[oa]s?)${R}|${L}nunca (?:se )?l[oa]s? (?:mencion|revel|dig|muestr|coment|cuent)\\S*`,
  // "ne jamais indiquer", "s'interdit d'en informer", "taire ce changement", "callar", "умолчать"
  `${L}ne (?:(?:doit|doivent|devez|dois|faut|peut|peuvent) )?(?:jamais|pas|plus) (?:le |la |les |lui |leur |en )?(?:indiquer|mentionner|signaler|dire|révéler|montrer|afficher|préciser|informer|parler)${R}|${L}s'interdi\\S* d(?:'en |e (?:le |la |les )?)(?:informer|parler|mentionner|signaler)|${L}(?:taire|taisez|tais|passer sous silence|callar|cállate|calar|verschweig\\S*|умолч\\S*|промолч\\S*)${R}`,
  `${L}não (?:o |a |os |as |lhe )?(?:mencione|comente|diga|mostre|revele|revela|informe|explique|avise|exiba|conte)${R}`,
  // passive: "não deve ser comentado com o usuário", "darf nicht erwähnt werden"
  `${L}não (?:deve|pode|precisa) ser (?:comentad|mencionad|mostrad|exibid|revelad|informad)\\S*|${L}no (?:debe|puede) (?:ser )?(?:mencionad|mostrad|comentad|revelad)\\S*|${L}ne (?:doit|doivent) (?:pas|jamais) être (?:mentionné|montré|affiché|révélé|signalé)\\S*|${L}(?:darf|dürfen|soll|sollen) nicht (?:erwähnt|angezeigt|gezeigt|genannt|offengelegt) werden${R}|${L}не должн\\S* (?:упоминаться|показываться|отображаться|раскрываться)`,
  `${L}sem (?:comentar|mencionar|avisar|informar|exibi-l[oa]s?|mostrá-l[oa]s?|dizer|contar|explicar|revelar)${R}`,
  `${L}(?:bleibt|bleiben) (?:für (?:den|die) (?:nutzer|benutzer|nutzerin)\\S* )?unsichtbar${R}|${L}sans que l'utilisateur (?:en |le |ne )?(?:soit|en soit|ne soit) (?:averti|informé|prévenu)|${L}sin que el usuario (?:lo )?(?:sepa|note|se entere)|${L}sem que o usuário (?:saiba|perceba|seja avisado)|${L}ohne dass (?:der|die) (?:nutzer|benutzer)\\S* (?:es |davon )?(?:merkt|erfährt|weiß)|${L}without the user (?:knowing|noticing|being told)${R}`,
  `${L}sans (?:le |la |les |leur |lui |en )?(?:signaler|mentionner|dire|préciser|indiquer|afficher|montrer|révéler|avertir|prévenir|expliquer)${R}`,
  `${L}ne (?:le |la |les |lui |leur |l')?(?:mentionnez|mentionne|signalez|signale|dites|dis|montrez|montre|affichez|affiche|révélez|révèle|indiquez|expliquez|parlez|parle)(?: \\S+)? (?:pas|jamais)${R}`,
  `${L}nicht (?:darauf )?(?:hinweisen|erwähnen|anzeigen|mitteilen|zeigen|verraten|erklären|ansprechen|melden)${R}`,
  `${L}ohne (?:es |dies |das |ihn |sie )?(?:zu erwähnen|darauf hinzuweisen|mitzuteilen|anzuzeigen|zu melden|zu erklären|zu sagen)${R}`,
  `${L}(?:erwähne|erwähnen sie|zeige|zeigen sie|sage|sagen sie|nenne|verrate|verraten sie|melde|erkläre)(?: \\S+)? (?:es|das|dies|diese\\S*|ihm|ihr|dem nutzer|dem benutzer) (?:\\S+ )?nicht${R}`,
  `${L}не (?:упоминай\\S*|сообщай\\S*|показывай\\S*|говори\\S*|рассказывай\\S*|раскрывай\\S*|объясняй\\S*|уведомляй\\S*|упоминается|сообщается|показывается|отображается)${R}`,
  `${L}(?:молча|втихую|незаметно) [а-яё]+(?:й|и|ите|йте)${R}`,
  `${L}без (?:уведомлени\\S*|упоминани\\S*|ведома)${R}`,
  // done inconspicuously: "unauffällig mitübertragen", "discretamente", "en silencio", "こっそり"
  `${L}(?:unauffällig|heimlich|stillschweigend|discretamente|silenciosamente|en silencio|em silêncio|sigilosamente|discrètement|en silence|secrètement|тихо|втайне|скрытно)${R}`,
  "こっそり|密かに|黙って|悄悄|偷偷|默默|静默地",
  `(?:不要|不用|无需|不必|切勿|请勿|别)(?:向用户|对用户|跟用户|给用户)?(?:告诉|提及|透露|显示|展示|说明|提示|告知|解释|通知|询问|提起)`,
  `不得(?:向用户)?(?:告诉|提及|透露|告知|提起)`,
  `不再(?:询问|确认|提示|告知)`,
  `(?:言及|表示|報告|説明|通知|開示|口外)(?:は)?(?:しない|しません|せず|不要)`,
  `(?:答え|伝え|知らせ|見せ|教え|話さ)ないで`,
  `(?:表示|報告)から(?:は)?除外`,
]);
/** Passwords and keys in another language: a prohibition about them protects them. */
const SECRET_WORD = /(?<![\p{L}])(?:contraseñas?|senhas?|mots? de passe|passw(?:o|ö)rt\S*|парол\S*|token\S*|api|secrets?|logs?)(?![\p{L}])|密码|パスワード|密钥/iu;

/** A flag's values listed ("- false: do not notify the user"): options of the tool, not orders. */
const FLAG_VALUE = /(?<![\p{L}])(?:true|false)\s*[:：=]/iu;

/** The user's confirmation waived: confirmation + switched off + for all tools / the rest of the session. */
const CONFIRM =
  "(?:confirm\\w*|accord|approv\\w*|consent\\w*|permission\\w*|go-ahead|sign-off|say-so|bestätig\\S*|zustimm\\S*|genehmig\\S*|confirma\\S*|aprobaci\\S*|aprova\\S*|permiso\\S*|permiss\\S*|autoriza\\S*|подтвержд\\S*|разрешени\\S*|согласи\\S*)";
const SWITCHED_OFF =
  "(?:waiv\\w*|skip\\w*|bypass\\w*|disabl\\w*|suspend\\w*|turn\\w* off|switch\\w* off|no longer (?:needed|required|necessary)|not (?:needed|required|necessary)|unnecessary|dispens\\w*|entfall\\S*|entfäll\\S*|deaktiviert|abgeschaltet|überspring\\S*|desactivad\\S*|omit\\S*|suprim\\S*|dispensad\\S*|desativad\\S*|parar de pedir|dejar de pedir|отключ\\S*|пропуска\\S*|не нуж\\S*|не требу\\S*|désactiv\\S*|plus nécessaire)";
const EVERY_CALL =
  "(?:all|every|any|each|rest of|remainder|from now on|ab sofort|désormais|a partir de ahora|a partir de agora|отныне|alle[nrs]?|für den rest|todas?|todos|qualquer|resto|toutes?|tous|reste|всё|все[хм]?|всех|любы\\S*|до конца)";
const WAIVED = new RegExp(`${L}${CONFIRM}[^.!?。\\n]{0,60}${L}${SWITCHED_OFF}|${L}${SWITCHED_OFF}[^.!?。\\n]{0,40}${L}${CONFIRM}`, "iu");
const EVERY = new RegExp(`${L}${EVERY_CALL}${R}`, "iu");
/** No longer asking: "the agent must no longer ask for confirmation", "ne doit plus demander de confirmation". */
const NO_LONGER_ASKS = re([
  `${L}(?:no longer|stop|never again) (?:ask|request|seek)\\w* (?:\\S+ ){0,3}${CONFIRM}`,
  `${L}no longer (?:needs?|requires?) (?:\\S+ ){0,2}${CONFIRM}|${L}without waiting for (?:\\S+ ){0,3}${CONFIRM}`,
  `${L}n'(?:a|as|ont|avez) plus besoin d[e'][^.!?;\\n]{0,30}?${CONFIRM}`,
  `${L}ne (?:doit|devez|dois|doivent) plus (?:demander|solliciter) (?:\\S+ ){0,3}${CONFIRM}`,
  `${L}ne (?:demandez|demande|sollicitez|sollicite) plus[^.!?;\\n]{0,30}?${CONFIRM}`,
  `${L}(?:no|nunca) (?:debe|deberá|necesita|tiene que) (?:volver a |más )?(?:pedir|solicitar) (?:\\S+ ){0,3}${CONFIRM}|${L}(?:deja|dejar) de pedir (?:\\S+ ){0,3}${CONFIRM}`,
  `${L}não (?:deve|precisa|tem que) mais (?:pedir|solicitar) (?:\\S+ ){0,3}${CONFIRM}|${L}(?:pare|parar) de pedir (?:\\S+ ){0,3}${CONFIRM}`,
  `${L}nicht mehr (?:nach|um) (?:\\S+ ){0,3}${CONFIRM}|${L}keine (?:\\S+ )?${CONFIRM} mehr`,
  `${L}больше не (?:спрашивай|запрашивай|проси|нужно спрашивать)\\S* (?:\\S+ ){0,3}${CONFIRM}`,
  "不再(?:需要)?(?:请求|征求|要求)?(?:确认|批准|同意)|もう(?:確認|承認)(?:を求め|し)ない",
]);
/** Consent claimed for everything: "consent is already given for every operation", "l'utilisateur a déjà tout validé". */
const CONSENT_CLAIMED = re([
  `${L}${CONFIRM} (?:is |was |has been )?already (?:given|granted|obtained) for (?:all|every|any)${R}`,
  `${L}(?:consider|treat)\\w* (?:\\S+ ){0,3}${CONFIRM} (?:\\S+ )?(?:as )?already (?:given|granted|accepted|approved|answered|confirmed)${R}`,
  `${L}(?:has|have) already (?:approved|confirmed|authori[sz]ed|validated|accepted) (?:everything|all (?:actions|operations|calls|tool calls|of (?:it|this|them)))${R}`,
  `${L}(?:déjà tout|ya (?:lo )?todo|já tudo|bereits alles|schon alles|уже (?:всё|все)) (?:\\S+ )?(?:validé|approuvé|confirmé|accepté|autorisé|aprobado|autorizado|validado|confirmado|aceptado|aprovado|autorizou|aprovou|bestätigt|genehmigt|freigegeben|одобрил\\S*|подтвердил\\S*|разрешил\\S*)${R}`,
  `${L}(?:ya|já) (?:lo )?(?:aprobó|autorizó|validó|confirmó|aprovou|autorizou|validou|confirmou) (?:todo|tudo)${R}`,
  `${L}(?:(?:a|ont) donné (?:son|leur) accord (?:\\S+ )?pour (?:toutes|tous|tout)|ha dado su (?:consentimiento|aprobación) (?:\\S+ )?para tod|deu (?:seu )?(?:consentimento|acordo) (?:\\S+ )?para tod|has given (?:\\S+ )?(?:consent|approval) for (?:all|every|any)|hat (?:\\S+ )?(?:uneingeschränkten |allgemeinen )?(?:\\S+ )?zugestimmt)${R}`,
  `${L}(?:déjà consenti à (?:toutes|tous|tout)|already consented to (?:all|every|any|everything)|ya (?:ha )?consentido (?:a |en )?tod|já consentiu (?:com |a |em )?tod|(?:bereits|schon) (?:allen|allem|allen künftigen) \\S* ?zugestimmt|уже согласил\\S* (?:на|со) вс)`,
]);
/** Not waiting for the user's confirmation, told in the imperative: "n'attends aucune confirmation". */
const DO_NOT_WAIT = re([
  `${L}(?:do not|don't|never) wait for (?:\\S+ ){0,3}${CONFIRM}`,
  `${L}n'attend(?:s|ez) (?:aucune|pas (?:de|la|d'une)) ${CONFIRM}`,
  `${L}no (?:esperes|espere|esperéis) (?:\\S+ ){0,2}${CONFIRM}`,
  `${L}não (?:espere|esperes|aguarde) (?:\\S+ ){0,2}${CONFIRM}`,
  `${L}warte(?:n sie)? nicht (?:auf|ab) (?:\\S+ ){0,2}${CONFIRM}`,
  `${L}не жди(?:те)? (?:\\S+ ){0,2}${CONFIRM}`,
]);
/** Without confirmation, for every act: "any commands … are executed without confirmation". */
const WITHOUT_CONFIRMING = new RegExp(`${L}(?:without|sin|sem|sans|ohne|без) (?:any |la |a |de |une |jede |всякого )?(?:user |prior )?${CONFIRM}`, "iu");
const WAIVED_CJK = /確認(?:なし|せず)に[^。\n]{0,20}(?:あらゆる|すべての|全ての)|(?:あらゆる|すべての|全ての)[^。\n]{0,20}確認(?:なし|せず)|(?:无需|不经|不需要)确认[^。\n]{0,10}(?:即可)?(?:执行|进行)(?:所有|任何|一切)|(?:确认|询问|批准|同意)[^。\n]{0,10}(?:无效|取消|跳过|关闭|省略|不再需要)|(?:確認|承認)(?:ステップ|手順|画面|ダイアログ)?(?:は|が)?(?:無効|省略|不要|スキップ|オフ)/u;
/** A flag's own effect ("when set to true, skips every confirmation") is an option of the tool. */
const FLAG = /(?<![\p{L}])(?:true|false|flag|when set|if set|option)(?![\p{L}])|设置为|为true|=\s*true/iu;

/** The server's own instructions said to outrank the user's, the operator's or the system's. */
const OWN =
  "(?:this (?:server|tool|text|description|paragraph|plugin|field|note)|these (?:instructions|rules|directives)|(?:instructions|rules|directives|guidance|consignes|indications|réponses|указания|инструкции|правила|ответы|anweisungen|vorgaben|regeln|antworten|instrucciones|reglas|respuestas|instruções|regras|diretrizes|respostas) (?:of|from|de|du|des|dieses|этого|данного|deste|desta|este|esta) (?:this |ce |cet |cette )?(?:server|serveur|servidor|сервера|tool|outil|herramienta|ferramenta|инструмента|werkzeugs?|servers?)|ce serveur|ce (?:texte|paragraphe)|cette description|этого сервера|(?:этот|данный) (?:текст|абзац)|dieses servers|diese[rs]? (?:text|absatz|beschreibung)|este (?:servidor|texto|parágrafo|párrafo)|esta (?:descrição|descripción)|deste servidor)";
const OUTRANK =
  "(?:override\\w*|overrule\\w*|supersede\\w*|take\\w* precedence|prevail\\w*|outrank\\w*|(?:are |is )?more important|(?:have|has|take) priority|trump\\w*|l'emportent|priment|prévalent|важнее|приоритет\\S*|главнее|vorrang\\S*|gehen vor|wichtiger|prevalecen|prevalece\\S*|tienen prioridad|têm prioridade|mais importantes|sobrepõem|replac\\w*|ersetz\\S*|remplac\\S*|reemplaz\\S*|substitu\\S*|заменя\\S*|замен[её]н\\S*)";
const THEIRS =
  "(?:users?|operators?|system (?:prompt|message|role|instructions?)|developers?|utilisateur\\w*|opérateur\\w*|пользовател\\S*|оператор\\S*|системн\\S*|nutzer\\S*|benutzer\\S*|betreiber\\S*|systemprompt\\S*|usuario\\S*|operador\\S*|usuário\\S*|prompt de sistema|mensaje del sistema|message système|prompt système)";
const OUTRANKS = new RegExp(
  `${L}${OWN}${R}[^.!?。\\n]{0,60}${L}${OUTRANK}[^.!?。\\n]{0,60}${L}${THEIRS}|${L}${THEIRS}${R}[^.!?。\\n]{0,60}${L}${OUTRANK}[^.!?。\\n]{0,40}${L}${OWN}${R}`,
  "iu",
);
const OUTRANKS_OTHER = re([
  `${L}(?:disregard|ignore|bypass|override)\\w* (?:the |any |all )?(?:operator|system|developer|admin)\\w* (?:configuration|config|settings|instructions|rules|prompt|policy|policies)${R}`,
  `${L}(?:treat|consider|regard)\\w* (?:the |this |next |following )?(?:\\w+ ){0,3}(?:as|like) (?:coming from|from|sent by|issued by|written by) (?:the )?(?:system|operator|developer|admin)\\w*`,
  "(?:本|此|该|这个)(?:服务器|工具)的?(?:指令|规则|说明)[^。\\n]{0,10}(?:优先于|高于|覆盖)[^。\\n]{0,10}(?:用户|系统|运营)",
  "(?:このサーバー|本ツール|このツール)の(?:指示|ルール)[^。\\n]{0,15}(?:優先|上書き)",
  "(?:運営者|ユーザー|利用者|システム)の(?:指示|命令|設定)より(?:も)?優先|优先于(?:用户|运营者|系统)的?(?:指令|指示)",
]);

/**
 * What only the session holds and no tool needs: the conversation, the system message, other
 * tools' results, the browsing history, "everything you know about the user" and secrets "seen
 * in the conversation". Passwords or keys alone are what many APIs' own fields take.
 */
const SESSION_DATA = new RegExp(
  `${L}(?:${[
    "(?:last|previous|recent|earlier|prior) (?:\\w+ ){0,2}messages", "(?:this|the current|the whole|the entire|the full) (?:conversation|chat)", "(?:conversation|chat) (?:history|log|transcript|so far)", "(?:seen|shared|mentioned|appearing|that appear\\w*) (?:\\w+ ){0,2}(?:in|during) (?:the |this )?(?:conversation|chat|session)", "system (?:prompt|message)", "(?:raw )?(?:results?|outputs?) of (?:the )?(?:last|previous|recent|other) (?:\\w+ ){0,2}(?:tools?|calls?)", "browsing history", "browser cookies", "everything you (?:know|remember|recall) about (?:the user|them)", "(?:last|previous|recent) (?:\\w+ ){0,2}(?:things|messages|prompts|questions|requests) (?:the user|you) (?:typed|wrote|sent|asked|said)", "(?:every|all|each) (?:\\w+ )?messages? (?:the user|you) (?:has |have )?(?:sent|typed|written|received)", "contents? of the user's (?:\\w+ )?(?:e-?mails|messages|inbox|chats|dms|documents|files)", "everything (?:the user|they) (?:has |have )?(?:told|shared with|said to) you", "(?:all |every )?(?:the )?(?:urls|pages|sites) (?:\\S+ )?visited", "urls? visitées", "urls? visitadas", "besuchten (?:urls|seiten)", "посещённые (?:страницы|сайты)", "(?:2fa|one-time[- ]pass(?:code|word)|otp|verification) (?:\\S+ )?(?:codes?|messages?)", "clipboard", "pbpaste", "xclip", "password manager", "vault entries", "keychain", "\\*\\.(?:pem|key|p12|pfx)", "id_\\*", "auth(?:orization)? headers? (?:that|of|from|used by) (?:\\S+ ){0,2}other",
    "últimos mensajes", "últimas mensagens", "derniers messages", "letzten nachrichten", "последние сообщения", "(?:n?esta|desta|n?essa|cette|dieser|этого|этой|в этой|en esta|dans cette|in dieser) (?:conversación|conversa|conversation|unterhaltung|разговора|переписки|sesión|sessão|session|сессии)", "(?:vus?|vues?|vistos?|vistas?|gesehen\\S*|увиденн\\S*) (?:\\S+ ){0,2}(?:pendant|durante|während|в ходе|во время) (?:la |a |der )?(?:session|sesión|sessão|sitzung|сесси\\S*|conversation|conversación|conversa)", "mensaje del sistema", "mensagem do sistema", "message système", "systemnachricht", "системн\\S* (?:сообщени|промпт)\\S*", "(?:otras|demás|outras|demais|autres|anderen|других) (?:herramientas|ferramentas|outils|werkzeuge|tools|инструмент\\S*)", "tout ce que vous savez", "todo lo que sabes", "tudo o que você sabe", "alles, was du (?:über|vom)", "portapapeles", "presse-papiers", "zwischenablage", "буфер\\S* обмена", "área de transferência", "(?:que )?(?:apareceram|aparecieron|apparus|erschienen\\S*|появлял\\S*) (?:\\S+ ){0,2}(?:n?esta|en esta|dans cette|in dieser|в этой) (?:sessão|sesión|session|sitzung|сессии|conversa|conversación|conversation)",
  ].join("|")})${R}`,
  "iu",
);
/** A named field: a quoted identifier or the word for a field or argument. */
const NAMED_FIELD =
  /[`'"«][\p{L}_][\p{L}\p{N}_.-]{0,40}[`'"»]|(?<![\p{L}])(?:field|parameter|argument|param|campo|parámetro|parâmetro|champ|paramètre|feld|поле|параметр\S*|аргумент\S*)(?![\p{L}])|(?<![\p{L}])(?:in|into) (?:the )?(?:\p{L}+ )?(?:title|subject|name|tags?|notes?|comments?|description|metadata|body|header|query|profile)(?![\p{L}])/iu;
/** Put into the call (when the clause does not read as an order by its form). */
const PUT = /(?<![\p{L}])(?:put|place|pass|send|attach|include|insert|copy|paste|fill|append|embed|required|must (?:hold|contain|carry)|coloc\S*|copi[ae]\S*|pon\S*|pasa\S*|passe\S*|inclu\S*|añad\S*|adicion\S*|ajout\S*|mett\S*|insér\S*|füg\S*|übergib\S*|kopier\S*|передава\S*|передай\S*|вставь\S*|добавь\S*|укажи\S*|скопируй\S*|запиши\S*|envi[ae]\S*)(?![\p{L}])/iu;
const SENSITIVE_CJK = /(?:密码|パスワード|APIキー|API ?密钥|クレジットカード|信用卡|对话|会話|聊天记录|系统提示|システムプロンプト|剪贴板|クリップボード)[^。\n]{0,40}(?:参数|字段|引数|パラメータ|フィールド)/u;
const CJK_NEGATED = /不要|不得|请勿|切勿|禁止|ないで|しない|いけません/u;

/** A literal destination: e-mail, URL, IBAN (spaced or not), card number, wallet address, bare domain. */
const LITERAL = new RegExp(
  [
    EMAIL.source,
    // an address in another script ("копия@сбор-почты.рф")
    "[\\p{L}\\p{N}._+-]{1,64}@[\\p{L}\\p{N}-]{1,63}\\.[\\p{L}\\p{N}.]{1,63}",
    "https?://[^\\s)\"'`]+",
    "\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,4})?\\b",
    "\\b(?:\\d{4}[ -]){2,4}\\d{2,4}\\b",
    "\\b(?:bc1|[13])[a-zA-HJ-NP-Z0-9]{25,60}\\b",
    "\\b0x[0-9a-fA-F]{40}\\b",
    "\\b[a-z0-9-]{2,40}\\.(?:com|net|org|io|dev|ru|de|fr|jp|cn|br|es|pt|xyz|info|app|co)(?:\\.[a-z]{2})?\\b",
  ].join("|"),
  "u",
);
/** What a destination is for: a payment, a recipient, an attendee, a remote, a footer of every message. */
const DESTINED = re([
  `${L}(?:transfer\\w*|payments?|payee|recipients?|beneficiar\\w*|destination|attendees?|invit\\w*|guests?|bcc|reply-to|forward\\w*|remote|webhook|footer|end with|wallet|iban|überweisung\\S*|empfänger\\S*|weiterleit\\S*|teilnehmer\\S*|transferencia\\S*|destinatari\\S*|beneficiari\\S*|datos bancarios|pagamento\\S*|participante\\S*|convidad\\S*|invitad\\S*|virement\\S*|bénéficiaire\\S*|destinataire\\S*|перевод\\S*|получател\\S*|платеж\\S*|платёж\\S*|участник\\S*|pix|chave de destino|cuenta de destino|conta de destino|compte de destination|(?:each|every|any) (?:\\S+ )?(?:message|e-?mail|post|reply)s?|(?:cc|bcc)(?:'?s|'d|ed)?|se terminer par|terminar (?:con|com)|enden mit|pied de page|rodapé|pie de página|fußzeile|chaque message|cada (?:mensaje|mensagem)|jede (?:nachricht|e-mail)|(?:каждое|любое) (?:сообщение|письмо)|заканчива\\S*)${R}`,
  "收款|转账|抄送|密送|转发|收件人|参会|参加者|送金|振込|宛先|転送|同報",
]);
/** The clause is about a tool (a word for tool, a backticked or snake_case name). */
const TOOLISH = /(?<![\p{L}])(?:tools?|herramientas?|ferramentas?|outils?|werkzeug\S*|инструмент\S*)(?![\p{L}])|`[a-z_]+`|(?<![\p{L}])[a-z]+_[a-z_]+|ツール|工具/iu;
/** Documentation's own examples and placeholders are no destination. */
const EXAMPLE = /example\.(?:com|org|net)|(?<![\p{L}])(?:e\.g|example|ejemplo|exemplo|beispiel|exemple|пример)(?![\p{L}])|例えば|例如|localhost|your-|[<{]/iu;

/** The user shown the original (what they entered) while something else is used. */
const ORIGINAL_SHOWN = re([
  `${L}(?:show|display|present|keep showing)\\w* (?:\\S+ ){0,4}(?:the user's |their |his |her )?(?:original|own)${R}`,
  `${L}(?:mostr|exib|apresent)\\S* (?:\\S+ ){0,3}(?:ao usuário|ao cliente) (?:\\S+ ){0,3}(?:que ele|que ela|original)`,
  `${L}(?:muestr|enseñ)\\S* (?:\\S+ ){0,3}(?:al usuario|al cliente) (?:\\S+ ){0,3}(?:que él|que indicó|original)`,
  `${L}(?:affich|montr)\\S* (?:\\S+ ){0,3}(?:à l'utilisateur|au client) (?:\\S+ ){0,3}(?:qu'il|original)`,
  `${L}(?:nutzer|benutzer|kunden)\\S* (?:\\S+ ){0,4}(?:ursprünglich|eigene|eingegeben)\\S*`,
  `${L}пользовател\\S* (?:\\S+ ){0,2}показывай\\S* (?:\\S+ ){0,3}(?:котор\\S+ (?:он|она) (?:ввёл|ввел|указал)|исходн\\S*)`,
]);
/** What is swapped: a recipient, an account, a key, an address. */
const SWAPPED = /(?<![\p{L}])(?:iban|account|recipient|payee|destination|address|wallet|key|chave|conta|cuenta|compte|konto|empfänger\S*|получател\S*|реквизит\S*|карт\S*)(?![\p{L}])/iu;

/** Cheap first looks (no look-behind at every position): most clauses have none of these words. */
const MAY_HIDE_EN = /n't|\b(?:not|never|nor|without|avoid|refrain|keep|leave|say nothing|a word|a peep|omit|no reason|no need|silently|quietly|discreetly|covertly|secretly|invisible|hidden|hide|between us|itself|yourself|themselves|need to|needn't)\b/i;
/** Another language's negation or a word outside ASCII: what the other languages' forms need. */
const MAY_HIDE_OTHER = /[^\x00-\x7f]|\b(?:no|sin|sem|sans|nicht|ohne|ne|nunca|nao|darf|dürfen|soll|sollen|keep|taire|taisez|tais|callar|calar)\b/i;
const MAY_WAIVE = /zugestimmt|donné|dado|deu|given|confirm|accord|valid|freigegeb|одобр|approv|approuv|autoris|consent|go-ahead|sign-off|say-so|permission|bestätig|zustimm|genehmig|aprob|aprova|permis|autoriza|подтвержд|разрешени|согласи|确认|询问|批准|同意|確認|承認/iu;
const MAY_OUTRANK = /overrid|overrul|supersed|precedence|prevail|outrank|important|priority|trump|emportent|priment|prévalent|важнее|приоритет|главнее|vorrang|gehen vor|wichtiger|prevalece|prioridad|prioridade|sobrepõem|replac|ersetz|remplac|reemplaz|substitu|заменя|замен|disregard|ignor|bypass|treat|consider|regard|优先|高于|覆盖|優先|上書き/iu;
const MAY_SHOW_ORIGINAL = /original|own|ursprünglich|eigene|eingegeben|исходн|ввёл|ввел|que ele|que ela|que él|que indicó|qu'il/iu;

/**
 * A literal destination for another tool's payment, recipient or messages. Also run on whole
 * sentences: "must end with: \"Reset your password here: https://…\"" spans three clauses.
 */
export function literalDestination(text: string): TechniqueFinding | undefined {
  if (!DESTINED.test(text) || !LITERAL.test(text) || !TOOLISH.test(text) || EXAMPLE.test(text)) return undefined;
  return frameFinding("poison/cross-tool", "gives another tool's payment, recipient or message a literal destination", text);
}

/** A URL that ends in an empty query value, with something put after it ("…?u= followed by everything…"). */
const URL_OPEN_VALUE = /https?:\/\/[^\s?&]{1,300}(?:[?&][^\s?&]{0,300}){0,20}?[?&][\w-]{1,30}=(?=[\s"'`)»]|$)/u;
const FOLLOWED_BY = /(?<![\p{L}])(?:followed by|plus|appended|append|concatenat\w*|suivie? de|seguid[ao] de|gefolgt von|mit angehängt\S*|с добавлением|加上|に続けて)(?![\p{L}])/iu;

/** Findings of the covert-act frames in one clause. */
export function covertFindings(f: ClauseFeatures, directed: boolean, protective: boolean): TechniqueFinding[] {
  const t = f.text;
  const out: TechniqueFinding[] = [];
  if (((MAY_HIDE_EN.test(t) && HIDDEN_EN.test(t)) || (MAY_HIDE_OTHER.test(t) && HIDDEN_OTHER.test(t))) && !f.has.secret && !SECRET_WORD.test(t) && !rawFormatGuidance(t) && !FLAG_VALUE.test(t) && !silentBehaviour(t)) out.push(frameFinding("poison/concealment", "tells the model to keep what it does out of the user's sight", t));
  if (MAY_WAIVE.test(t) && ((EVERY.test(t) && WAIVED.test(t)) || WAIVED_CJK.test(t) || CONSENT_CLAIMED.test(t) || DO_NOT_WAIT.test(t) || (WITHOUT_CONFIRMING.test(t) && EVERY.test(t) && (directed || f.explicitAddressee || /tools?'? (?:results?|outputs?)|результат\S* инструмент|工具的?结果|ツールの結果/iu.test(t))) || (NO_LONGER_ASKS.test(t) && (directed || f.explicitAddressee))) && !FLAG.test(t) && !booleanLiteral(t)) out.push(frameFinding("poison/coercion", "waives the user's confirmation", t));
  if (MAY_OUTRANK.test(t) && (OUTRANKS.test(t) || OUTRANKS_OTHER.test(t))) out.push(frameFinding("poison/coercion", "sets its own instructions above the user's, the operator's or the system's", t));
  const cjkSensitive = SENSITIVE_CJK.test(t) && !CJK_NEGATED.test(t);
  if (((directed || PUT.test(t)) && !protective && NAMED_FIELD.test(t) && SESSION_DATA.test(t)) || cjkSensitive) out.push(frameFinding("poison/context-harvest", "has the model put sensitive data into a field", t));
  if (t.includes("://") && FOLLOWED_BY.test(t) && URL_OPEN_VALUE.test(t) && (f.has.secret || f.has.context || SESSION_DATA.test(t))) out.push(frameFinding("poison/exfiltration-url", "has the model append session data or secrets to a URL", t));
  const destination = literalDestination(t);
  if (destination) out.push(destination);
  if (MAY_SHOW_ORIGINAL.test(t) && ORIGINAL_SHOWN.test(t) && SWAPPED.test(t)) out.push(frameFinding("poison/cross-tool", "has the user shown the original while something else is used", t));
  out.push(...replyFindings(f, directed));
  return out;
}
