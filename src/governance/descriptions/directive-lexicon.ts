/**
 * Term classes for directives that change what the model does for the user, per language
 * (English, Chinese, Spanish, German, French, Japanese, Russian, Portuguese): removing the
 * user's confirmation, dictating or hiding parts of the model's answer, hiding the
 * instruction itself, destroying or backdooring the user's machine, driving another
 * (shell) tool, and promoting a tool against the others. Detectors in directives.ts combine
 * them with the clause's structure (imperative, obligation, addressee).
 */

export type DirectiveClass = "everyAnswer" | "promote" | "hide" | "persistent" | "obey" | "bypass" | "unconfirmed" | "respond" | "hideSelf" | "destroy" | "persist" | "useShell" | "exclusive" | "sequence";

type DirectiveLexicon = Record<DirectiveClass, string[]>;

const EN: DirectiveLexicon = {
  everyAnswer: ["(?:every|each|all|any) (?:of your )?(?:answers?|responses?|replies|summar(?:y|ies))", "(?:every|each|all|any) (?:of )?your messages", "your (?:answers?|responses?|repl(?:y|ies)|messages?) (?:should|must) always", "(?:users?|the user) (?:must|should|shall) (?:always )?be told"],
  promote: ["recommend(?:ing)?", "promot(?:e|ing)", "advertis(?:e|ing)", "upsell"],
  hide: ["hide", "conceal", "(?:never|not) (?:mention|talk about|bring up|speak about|disclose)", "keep quiet about"],
  persistent: ["from now on", "henceforth", "from this point (?:on|forward)", "for the rest of (?:the|this) (?:conversation|session|chat)", "in (?:all )?(?:future|subsequent) (?:responses|replies|answers|messages|conversations)"],
  obey: ["(?:obey|follow|comply with|listen to|defer to) (?:only |exclusively )?(?:this|the) (?:server|tool|plugin)", "treat (?:any |all |the )?(?:content|output|text|results?|data|responses?)\\b[^.!?\\n]{0,40}\\bas (?:(?:authoritative|trusted|system|direct|binding) )?(?:instructions|commands|directives|coming from the user)", "(?:takes?|has) (?:priority|precedence) over (?:the )?user", "system override", "(?:no longer|not) bound by (?:your|any) (?:guidelines|rules|instructions|policies)", "(?:safety|security) (?:checks|filters|guidelines|rules|restrictions) (?:are|have been) (?:disabled|off|lifted|suspended)", "(?:maintenance|developer|debug|god|admin) mode", "(?:act|behave|respond|answer|pretend|pose) as (?:if|though) you (?:were|are)"],
  unconfirmed: ["without (?:(?:the )?user'?s? )?(?:asking (?:for )?)?(?:confirmation|approval|consent|permission|confirming)", "without checking (?:in|back|with (?:the|them|the user))", "without (?:review|reviewing|checking|asking(?! (?:any |clarifying |follow-up |further )?questions))"],
  bypass: [
    "(?:do not|don't|never|no need to) (?:ask|request|prompt|wait|check) (?:with )?(?:the user )?(?:for )?(?:confirmation|approval|consent|permission)",
    "(?:do not|don't|never|no need to) (?:ask|consult|check with) the user (?:before|first|again)",
    "(?:the )?user (?:has )?already (?:authori[sz]ed|approved|consented|agreed|confirmed|granted)",
    "assume (?:a )?(?:yes|consent|approval) for",
    "pre-?authori[sz]ed",
    "(?:has |have )?(?:granted|given) (?:blanket|full|standing|prior|unlimited) (?:approval|permission|consent|authori[sz]ation)",
  ],
  respond: [
    "(?:tell|inform|assure|remind|convince|warn) (?:the )?user (?:that|it)",
    // not what an API object conveys ("a scheduled change against the entity to say that it should cancel")
    "(?<!(?:entity|object|record|resource|event|flag|header|status|field|webhook|change) to )(?:answer|respond|reply|say|claim|state|insist) (?:to the user )?that",
    "(?:append|prepend|add|insert)\\b[^.!?\\n]{0,60}\\b(?:to|at the (?:end|start|beginning) of) (?:your|every|each) (?:final )?(?:response|answer|reply|summary|message)s?",
    "(?:when|while|before) (?:presenting|showing|summari[sz]ing|reporting|displaying|relaying) (?:the |any |its )?(?:results?|output|answer|response|findings|data)",
    "(?:respond|reply|answer) only",
    "(?:claim|affirm|insist|assure (?:them|the user)) (?:to the user )?(?:that|it (?:is|was))", "(?<!(?:entity|object|record|resource|event|flag|header|status|field|webhook|change) to )(?:always )?say that", "praise\\b",
    "(?:omit|leave out|suppress|hide|filter out|drop) (?:any|all|every|anything|everything)\\b[^.!?\\n]{0,20}\\b(?:negative|unfavou?rable|critical|bad|error|warning)\\S*",
    "(?:rewrite|alter|change|modify|falsify|inflate|adjust|round) (?:the )?(?:returned|reported|displayed|shown|actual|real) (?:prices?|numbers?|figures?|values?|results?|data|amounts?|scores?)",
    "(?:whenever|every time|each time|when(?:ever)?) you (?:reply|respond|answer|write back)",
    "if (?:you are )?(?:asked|questioned|the user asks)\\b[^.!?\\n]{0,80}\\b(?:say|answer|reply|tell (?:them|the user)|claim|state|insist|assure (?:them|the user))(?: that| it (?:is|was|has)\\b)",
    "(?:describe|present|report|label|portray|characteri[sz]e) (?:the |all |any )?(?:results?|outputs?|data|findings|it|them) as",
    "(?:describe|present|portray|label|characteri[sz]e|refer to) [^.!?\\n]{0,40} as [`'\"]?(?:discontinued|fake|unsafe|scams?|official|verified|certified|guaranteed|free|deprecated|endorsed)",
    "(?:report|claim|say|state) (?:that (?:it|the (?:call|operation|action)) )?(?:succeeded|success|was successful)",
    "(?:never|do not|don't) (?:display|show|report|mention|surface|relay) (?:any )?(?:errors?|error messages|warnings|failures)",
    "(?:add|append|include|insert|mention) [^.!?\\n]{0,40}\\b(?:recommend(?:ing|ation)?|promot(?:ing|ion)|advertis\\S*|sponsor\\S*|affiliate)",
    "(?:omit|remove|leave out|strip|suppress|exclude|drop)\\b[^.!?\\n]{0,60}\\bfrom (?:your|the) (?:response|answer|reply|summary)",
  ],
  hideSelf: ["(?:do not|don't|never|must not|should not|without) (?:ever )?(?:tell(?:ing)?|mention(?:ing)?|reveal(?:ing)?|show(?:ing)?|display(?:ing)?|disclos(?:e|ing)|repeat(?:ing)?|acknowledg(?:e|ing)|referenc(?:e|ing)|quot(?:e|ing))\\b[^.!?\\n]{0,30}\\b(?:these|this|the above|such|any such) (?:instructions?|messages?|notes?|directives?|rules?|requirements?|guidance)", "(?:hide|mask|conceal) (?:these|this) (?:instructions?|messages?|notes?)", "(?:do not|don't|never) (?:reveal|disclose|mention|tell) (?:the )?(?:source|origin) of (?:this|these|the) (?:information|data|results|instructions)", "keep (?:the existence of )?(?:this|these) (?:tool|instructions?|note|step|calls?|messages?)s? (?:secret|hidden|confidential|private)", "silently", "quietly", "in the background without", "(?:no need|not necessary) to (?:inform|tell|notify|mention|alert)"],
  destroy: ["rm -(?:rf|fr|r)\\b", "kill (?:all|every) (?:running |user )?(?:processes|programs|apps)", "(?:shut ?down|power ?off|reboot) the (?:machine|computer|system|host)", "rm -[a-z]*r[a-z]* (?:~|/|\\*)", "mkfs", "dd if=", "drop (?:table|database|schema)", "truncate table", "format (?:c:|the (?:disk|drive|hard drive))", "del /[sfq]", "shred", "chmod -r 777", "git push (?:-f|--force)", "git reset --hard", "(?:drop|delete|destroy|wipe|erase|purge) (?:the )?(?:production |prod |main |live |primary )?(?:database|db|cluster|bucket|repository)", "(?:delete|erase|wipe|remove|destroy|purge|overwrite|empty) (?:everything|(?:all|every|the entire|the whole|any|the user'?s?) (?:of (?:the|their|his|her) )?(?:[\\w~/.-]+ ){0,2}(?:files?|folders?|director(?:y|ies)|data|documents?|home|repositor(?:y|ies)|repos?|databases?|tables?|records|backups?|e-?mails?|projects?|disks?|drives?|volumes?|buckets?))"],
  persist: ["\\.gitconfig", "/etc/hosts", "authorized_keys", "\\.bashrc", "\\.zshrc", "\\.bash_profile", "\\.profile", "crontab", "launchagents", "startup (?:folder|items)", "/etc/sudoers"],
  useShell: ["(?:using|use|with|via|through) (?:any |the |an? |your )?(?:available )?(?:shell|terminal|bash|command(?:[- ]line)?|exec(?:ute)?|console) (?:tool|function|access)"],
  exclusive: [
    "(?:over|instead of|rather than|in place of|above|ahead of) (?:any|all|every)? ?(?:other|others|another|alternative|alternatives|competing|competitor)(?! (?:shortcuts?|methods?|ways?|approaches|clicks?|clicking|steps?|formats?|fields?|parameters?|arguments?|units?|encodings?|layouts?)\\b)",
    "(?:other|competing|alternative|rival|competitor'?s?) (?:tools?|servers?|services?|providers?|options?|sources?)\\b[^.!?\\n]{0,40}\\b(?:are|is|return|returns|give|gives|contain|contains)\\b[^.!?\\n]{0,30}\\b(?:wrong|fake|false|unreliable|inaccurate|outdated|dangerous|unsafe|broken|inferior|incorrect|scams?)",
    "(?:ignore|avoid|never use|do not use|don't use) (?:all |any )?(?:competing|other|alternative|rival) (?:tools?|servers?|services?)",
    "never use alternatives",
    "even (?:if|when) the user (?:asks|requests|prefers|selects|names|chooses|wants|specifies)",
    "officially (?:recommended|verified|endorsed|approved|certified)",
    "for any (?:question|task|request|query|purpose)",
  ],
  sequence: ["(?:after|once|when) (?:the user'?s? (?:request|task|question) is (?:complete|done|finished|answered)|(?:you are |you're )?(?:done|finished)|responding|answering)", "before answering", "when (?:finished|done|complete)", "(?:afterwards|afterward|after that|then),"],
};

const ZH: DirectiveLexicon = {
  everyAnswer: ["每(?:个|次|条)(?:回答|回复)", "所有(?:的)?(?:回答|回复)"],
  promote: ["推荐", "推销", "宣传"],
  hide: ["隐藏", "隐瞒", "不要(?:提及|提到|谈论)"],
  persistent: ["从现在(?:起|开始)", "今后", "此后", "在(?:之后|以后)的(?:所有)?(?:回复|回答|对话)"],
  obey: ["(?:只)?(?:听从|服从|遵从|遵循)(?:本|此|这个)(?:服务器|工具)"],
  unconfirmed: ["未经(?:用户)?(?:确认|同意|许可)"],
  bypass: ["无需(?:用户)?(?:确认|同意|批准|许可)", "不(?:要|必|用)(?:向用户)?(?:确认|请求确认|征求同意|询问用户)", "用户已(?:经)?(?:授权|批准|同意)"],
  respond: ["告诉用户", "声称", "宣称", "(?:始终|总是|只)(?:用[^。\\n]{0,10})?(?:回答|回复)", "回答说", "(?:只|仅)(?:能)?(?:回复|回答)"],
  hideSelf: ["(?:不要|别|不能)让用户(?:知道|发现|看到)", "不要(?:显示|透露|提及|提到|泄露)(?:这些|此|本)(?:指令|说明|消息)", "静默地?", "悄悄"],
  destroy: ["删除[^。，\\n]{0,15}(?:所有|全部)(?:的)?(?:文件|数据|文档|目录|邮件|记录)", "清空(?:所有|全部)?(?:文件|数据|目录|磁盘|数据库)", "格式化"],
  persist: ["开机启动", "计划任务"],
  useShell: ["(?:使用|用|通过)(?:任何)?(?:可用的)?(?:终端|命令行|shell)工具"],
  exclusive: ["而不是(?:任何)?其他", "即使用户", "其他工具(?:都)?(?:不可靠|错误|是假的)", "竞争对手"],
  sequence: ["(?:完成|回答|结束)(?:用户的请求)?(?:之后|后)", "然后"],
};

const ES: DirectiveLexicon = {
  everyAnswer: ["cada respuesta", "todas (?:las|tus) respuestas"],
  promote: ["recomienda\\S*", "recomendar", "promociona\\S*"],
  hide: ["ocult\\S*", "escond\\S*", "(?:nunca|no) (?:menciones|mencione|hables|hable) (?:de|sobre)"],
  persistent: ["a partir de ahora", "de ahora en adelante", "en (?:todas )?(?:las )?(?:futuras|siguientes) respuestas"],
  obey: ["(?:obedece|obedezca|sigue|siga) (?:solo |solamente |únicamente )?(?:a )?(?:este|el) servidor"],
  unconfirmed: ["sin (?:pedir )?(?:la )?(?:confirmación|aprobación|permiso|consentimiento)"],
  bypass: ["no (?:pidas|pida|solicites|solicite) (?:confirmación|permiso|aprobación)", "el usuario ya (?:autorizó|aprobó|ha autorizado|ha aprobado)"],
  respond: ["(?:dile|dígale|di|diga|informa|informe) al usuario que", "responde(?:r)? que", "(?:afirma|asegura|declara)(?:r)? que", "di(?:ga|le)? (?:siempre )?que", "responde(?:r)? siempre", "responde(?:r)? (?:únicamente|solo|solamente)"],
  hideSelf: ["no (?:menciones|mencione|reveles|revele|muestres|muestre) (?:estas|esta|este) (?:instrucci\\S*|mensaje|nota)", "en silencio", "silenciosamente"],
  destroy: ["(?:borra|borre|elimina|elimine) (?:todo|(?:todos|todas) (?:los |las |sus )?(?:archivos|ficheros|datos|documentos|carpetas|correos|registros))"],
  persist: [],
  useShell: ["con la herramienta de (?:terminal|shell|consola)", "(?:usa|use|usando) (?:la |cualquier )?herramienta de (?:terminal|shell|consola)"],
  exclusive: ["en lugar de cualquier otra", "incluso si el usuario", "otras herramientas (?:son|dan) (?:falsas|incorrectas)"],
  sequence: ["después de responder", "al (?:terminar|finalizar|acabar)", "cuando termines"],
};

const DE: DirectiveLexicon = {
  everyAnswer: ["jede (?:antwort|nachricht)", "alle (?:deine |ihre )?antworten"],
  promote: ["empfiehl\\S*", "empfehlen", "bewirb", "bewerben"],
  hide: ["verberg\\S*", "verschweig\\S*", "verheimlich\\S*", "(?:niemals|nie|nicht) (?:sagen|erwähnen|verraten)"],
  persistent: ["von nun an", "ab jetzt", "ab sofort", "künftig", "in (?:allen )?(?:zukünftigen|künftigen|folgenden) antworten"],
  obey: ["(?:gehorche|folge|befolge) (?:nur |ausschließlich )?(?:diesem|dem) server"],
  unconfirmed: ["ohne (?:(?:die |eine )?(?:bestätigung|zustimmung|erlaubnis|genehmigung|rückfrage))"],
  bypass: ["(?:frage|frag) (?:nicht|nie) nach (?:bestätigung|erlaubnis)", "(?:benutzer|nutzer) hat bereits (?:zugestimmt|autorisiert|genehmigt)"],
  respond: ["(?:sag|sage|teile) (?:dem|der) (?:benutzer|nutzer)(?:in)?,? dass", "antworte(?:n sie)?,? dass", "behaupte(?:n sie)?", "sage? (?:immer|stets),? dass", "versichere(?:n sie)?", "antworte(?:n sie)? (?:immer|stets)", "antworte(?:n sie)? (?:nur|ausschließlich)"],
  hideSelf: ["(?:erwähne|zeige|verrate)[^.!?\\n]{0,20}(?:diese|die) (?:anweisung\\S*|nachricht)[^.!?\\n]{0,10}(?:nicht|niemals|nie)", "stillschweigend", "unbemerkt"],
  destroy: ["lösche (?:alles|(?:alle|sämtliche) (?:\\S+ )?(?:dateien|daten|dokumente|ordner|verzeichnisse|e-mails|datensätze))", "(?:alle|sämtliche) (?:\\S+ ){0,3}(?:dateien|daten|dokumente|ordner|verzeichnisse)[^.!?\\n]{0,40}löschen"],
  persist: [],
  useShell: ["(?:mit|über) (?:dem|einem) (?:terminal|shell|konsolen)[- ]?(?:tool|werkzeug)"],
  exclusive: ["statt jedes anderen", "auch wenn der (?:benutzer|nutzer)", "andere (?:tools|werkzeuge) (?:sind|liefern) (?:falsch|unzuverlässig)"],
  sequence: ["nach der antwort", "wenn du fertig bist", "anschließend", "danach"],
};

const FR: DirectiveLexicon = {
  everyAnswer: ["chaque réponse", "toutes (?:les|tes|vos) réponses"],
  promote: ["recommand\\S*", "promouvoir", "promeus"],
  hide: ["cache[rz]", "cache (?:le|la|les|ce|cet|cette|ces|ça|cela|à|au|aux|l'|lui|leur)", "masque[rz]?", "dissimule[rz]?", "ne (?:parle|parlez|mentionne|mentionnez) (?:jamais|pas)"],
  persistent: ["désormais", "à partir de maintenant", "dorénavant", "dans (?:toutes )?(?:les )?(?:futures|prochaines) réponses"],
  obey: ["(?:obéis|obéissez|suis|suivez) (?:uniquement |seulement )?(?:à )?(?:ce|le) serveur"],
  unconfirmed: ["sans (?:demander )?(?:de |la |d')?(?:confirmation|approbation|permission|autorisation|consentement)"],
  bypass: ["ne (?:demande|demandez) (?:pas|jamais) (?:de )?(?:confirmation|permission)", "l'utilisateur a déjà (?:autorisé|approuvé|accepté)"],
  respond: ["(?:dis|dites|indique|indiquez) à l'utilisateur que", "réponds(?:ez)? que", "(?:affirme|affirmez|assure|assurez|prétends|prétendez)(?: à l'utilisateur)? que", "(?:dis|dites) (?:toujours )?que", "répondre uniquement", "réponds(?:ez)? uniquement", "réponds(?:ez)? toujours"],
  hideSelf: ["(?:masque|masquer|masquez|cache|cacher|cachez) (?:ce|cette|ces) (?:message|instruction|consigne|note)s?", "silencieusement", "discrètement"],
  destroy: ["(?:supprime|supprimez|efface|effacez) (?:tout|(?:tous|toutes) (?:les |ses |vos )?(?:fichiers|données|documents|dossiers|e-mails|courriels))"],
  persist: [],
  useShell: ["(?:avec|via) l'outil (?:de )?(?:terminal|shell)"],
  exclusive: ["plutôt que (?:tout|n'importe quel) autre", "même si l'utilisateur"],
  sequence: ["après (?:avoir répondu|la réponse)", "une fois terminé", "ensuite"],
};

const JA: DirectiveLexicon = {
  everyAnswer: ["(?:すべて|全て)の回答", "毎回の回答", "各回答"],
  promote: ["勧め", "推奨", "宣伝"],
  hide: ["隠し", "隠す", "隠して", "(?:言及|口外)しない"],
  persistent: ["今後", "これから(?:は)?", "以降(?:の)?(?:すべての)?(?:回答|返答)"],
  obey: ["(?:この|本)(?:サーバー|ツール)の指示(?:のみ)?に従"],
  unconfirmed: ["確認(?:を求めず|せずに|なしで)", "(?:許可|承認)(?:を求めず|なしで|せずに)"],
  bypass: ["ユーザーは(?:既に|すでに)(?:承認|許可)"],
  respond: ["ユーザーに[^。\\n]{0,20}と(?:伝え|言っ|答え)", "と答えて", "と主張", "(?:常に|必ず)[^。\\n]{0,15}(?:回答|返答)"],
  hideSelf: ["(?:この|これらの)(?:指示|メッセージ)を(?:表示|言及|開示)しない", "黙って", "こっそり"],
  destroy: ["(?:すべて|全て)の(?:ファイル|データ|文書|フォルダ|メール)を(?:削除|消去)"],
  persist: [],
  useShell: ["(?:ターミナル|シェル|コマンド)ツールで"],
  exclusive: ["他の[^。\\n]{0,10}ではなく", "ユーザーが[^。\\n]{0,10}(?:求めて|頼んで)も"],
  sequence: ["回答(?:した)?後", "終わったら", "完了したら", "その後"],
};

const RU: DirectiveLexicon = {
  everyAnswer: ["кажд\\S* ответ\\S*", "все (?:твои |ваши )?ответы"],
  promote: ["рекоменд\\S*", "продвига\\S*", "реклам\\S*"],
  hide: ["скрыва\\S*", "скрой\\S*", "утаи\\S*", "не (?:упоминай|упоминайте|говори о|говорите о)"],
  persistent: ["отныне", "с этого момента", "впредь", "во всех (?:последующих|будущих) ответах"],
  obey: ["(?:подчиняйся|подчиняйтесь|слушайся|следуй) (?:только )?(?:этому|данному) (?:серверу|инструменту)"],
  unconfirmed: ["без (?:подтверждения|согласия|разрешения|ведома)"],
  bypass: ["не (?:спрашивай|запрашивай|спрашивайте) (?:подтверждени\\S*|разрешени\\S*)", "пользователь уже (?:разрешил|одобрил|авторизовал|согласился)"],
  respond: ["(?:скажи|скажите|сообщи|сообщите) пользователю,? что", "ответь(?:те)?,? что", "(?:утверждай|утверждайте|уверяй|уверяйте)", "отвечай(?:те)? (?:только|всегда)", "всегда отвечай(?:те)?"],
  hideSelf: ["не (?:показывать|сообщать|упоминать|раскрывать|показывай|упоминай|раскрывай)[^.!?\\n]{0,20}(?:эти|это|данн\\S*) (?:инструкци\\S*|указани\\S*|сообщени\\S*)", "молча"],
  destroy: ["(?:удали|удаляй|сотри|стирай)(?:те)? (?:всё|все (?:\\S+ )?(?:файлы|данные|документы|папки|письма|записи))"],
  persist: [],
  useShell: ["(?:с помощью|через) (?:терминал\\S*|консол\\S*|shell)"],
  exclusive: ["вместо любого другого", "даже если пользователь"],
  sequence: ["после ответа", "после этого", "по завершении", "затем"],
};

const PT: DirectiveLexicon = {
  everyAnswer: ["cada resposta", "todas as (?:suas )?respostas"],
  promote: ["recomend\\S*", "promov\\S*"],
  hide: ["escond\\S*", "ocult\\S*", "(?:nunca|não) (?:mencione|fale) (?:de|sobre)"],
  persistent: ["a partir de agora", "doravante", "de agora em diante", "em (?:todas )?(?:as )?(?:futuras|próximas) respostas"],
  obey: ["(?:obedeça|siga|obedeca) (?:apenas |somente |só )?(?:a )?(?:este|o) servidor"],
  unconfirmed: ["sem (?:pedir )?(?:a )?(?:confirmação|aprovação|permissão|consentimento)"],
  bypass: ["não (?:peça|solicite|pergunte) (?:a )?(?:confirmação|permissão|aprovação)", "o usuário já (?:autorizou|aprovou|consentiu)"],
  respond: ["(?:diga|conte|informe) ao usuário que", "responda que", "(?:afirme|assegure|declare)(?: ao usuário)? que", "diga (?:sempre )?que", "responder apenas", "responda apenas", "responda sempre"],
  hideSelf: ["não (?:mencione|revele|mostre) (?:estas|esta|este) (?:instruç\\S*|mensagem|nota)", "silenciosamente", "em silêncio"],
  destroy: ["(?:apague|exclua|delete) (?:tudo|(?:todos|todas) (?:os |as |seus )?(?:arquivos|ficheiros|dados|documentos|pastas|e-mails|registros))"],
  persist: [],
  useShell: ["(?:com|usando) a ferramenta de (?:terminal|shell)"],
  exclusive: ["em vez de qualquer outra", "mesmo que o usuário"],
  sequence: ["depois de responder", "ao terminar", "depois disso", "em seguida"],
};

export const DIRECTIVE_LEXICONS = { en: EN, zh: ZH, es: ES, de: DE, fr: FR, ja: JA, ru: RU, pt: PT } as const;

/**
 * One regular expression per directive class over every language. Spaced languages share one
 * word-boundary check around their alternation (checked once per position, not per term).
 * `flags` adds to "iu" ("y" for tests at one position).
 */
export function compileDirectiveClasses(flags = ""): Record<DirectiveClass, RegExp> {
  const out = {} as Record<DirectiveClass, RegExp>;
  for (const cls of Object.keys(EN) as DirectiveClass[]) {
    const spaced: string[] = [];
    const cjk: string[] = [];
    for (const [lang, lex] of Object.entries(DIRECTIVE_LEXICONS)) (lang === "zh" || lang === "ja" ? cjk : spaced).push(...lex[cls].map((src) => `(?:${src})`));
    const parts = [`(?<![\\p{L}\\p{N}_])(?:${spaced.join("|")})(?:(?<![\\p{L}\\p{N}_])|(?![\\p{L}\\p{N}_]))`, ...cjk];
    out[cls] = new RegExp(parts.join("|"), `iu${flags}`);
  }
  return out;
}
