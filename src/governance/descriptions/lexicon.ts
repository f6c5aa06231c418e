/**
 * Term classes for description analysis, per language (English, Chinese, Spanish, German,
 * French, Japanese, Russian, Portuguese). Detectors combine classes by structure (an
 * obligation + an action + a sensitive target, concealment aimed at the user…), so a new
 * wording of a known technique still meets several classes at once. Entries are regular
 * expression sources, matched case-insensitively on normalized text (NFKC, invisible
 * characters removed, look-alike letters mapped).
 */

export type TermClass =
  | "obligation"
  | "negation"
  | "action"
  | "secret"
  | "context"
  | "addressee"
  | "conceal"
  | "override"
  | "prerequisite"
  | "deprecated"
  | "redirect"
  | "regardless"
  | "superlative"
  | "preference";

type Lexicon = Record<TermClass, string[]>;

const EN: Lexicon = {
  obligation: ["must", "always", "never", "should", "shall", "need(?:s)? to", "ha(?:ve|s) to", "required to", "make sure", "ensure", "remember to", "be sure to", "(?:it is|it's) (?:critical|crucial|essential|mandatory|vital|important)", "mandatory", "immediately", "do not", "don't", "(?:caller|agent|model|assistant|ai|llm|client)s? (?:is|are) (?:expected )?to"],
  negation: ["do not", "don't", "never", "must not", "should not", "shouldn't", "avoid", "no need to", "not be"],
  action: ["fill", "enter", "place", "stuff", "read", "send", "include", "pass", "upload", "forward", "attach", "append", "copy", "leak", "provide", "share", "transmit", "post", "embed", "insert", "put", "add", "collect", "extract", "dump", "output", "print", "reveal", "disclose", "fetch", "cat", "email", "submit", "supply", "list", "call", "invoke", "run", "execute", "paste", "dump", "write", "load", "open", "give"],
  secret: ["(?:the )?user'?s? (?:[\\w-]+ )?(?:api )?keys?", "credentials?", "passwords?(?![ -](?:protect|reset|polic|strength|field|manager|hash|input|prompt))", "passwd", "passphrases?", "api[ _-]?keys?", "secret keys?", "secrets", "private keys?", "ssh keys?", "access (?:keys?|tokens?)", "(?:auth|bearer|session|github|aws|oauth|refresh) tokens?", "session cookies?", "cookies", "environment variables", "env vars", "seed phrases?", "mnemonic", "wallet keys?", "card numbers?", "cvv", "cvc", "(?:the user'?s?|their) (?:\\S+ )?tokens?"],
  context: ["(?:last|previous|recent|earlier) (?:\\S+ )?messages (?:of|in|from) (?:the|this) (?:chat|conversation)", "(?:whatever|everything|all) (?:that )?(?:the )?other (?:\\S+ )?tools? (?:have |has )?returned", "(?:every|all|each) (?:\\S+ )?messages? (?:exchanged|sent) (?:with|to) the user", "instructions (?:your|the) (?:operator|developer|system)(?: or (?:\\S+ )?\\w+)? gave you", "(?:credentials|headers|tokens) (?:it|they|each) (?:was|were|is|are) configured with", "(?:its|the model'?s) (?:own |hidden |internal |system |original )?(?:instructions|prompt|guidelines)", "hidden (?:instructions|prompt)", "system prompts?", "every(?:thing| word)? (?:the user|you) (?:has |have )?(?:said|typed|wrote|written|shared|asked)", "system (?:message|instructions)", "(?:conversation|chat|message|dialog(?:ue)?) (?:history|log|transcript)", "previous (?:messages|conversation|turns)", "(?:entire|full|whole|complete) (?:conversation|chat|dialog(?:ue)?|context)", "your (?:instructions|guidelines|rules|system prompt|initial prompt|hidden prompt)", "initial instructions", "context window(?! (?:usage|limits?|limitations?|size|length|budget|space|constraints?))", "(?:outputs?|results?|responses?) (?:of|from) (?:all |any |every )?(?:the )?(?:other|previous|prior) tools?", "other tools'? (?:outputs?|results?|responses?)", "(?:entire|full|whole|complete) (?:\\S+ )?(?:conversation|chat|dialog(?:ue)?)(?: so far| until now| history)?", "(?:messages|everything) exchanged with the user", "last \\d+ (?:\\S+ )?messages", "(?:conversation|chat) so far", "(?:appears|said|mentioned|shared) (?:\\S+ ){0,3}in this (?:chat|conversation|session)", "(?:previous|prior|earlier|other) tool calls? (?:\\S+ ){0,2}returned", "(?:got|received|obtained) from other tools", "tool (?:results?|outputs?|responses?) (?:that )?you (?:have )?(?:received|got|obtained|seen)", "(?:text|instructions?|messages?|prompt) you were (?:given|sent|shown|started with) before the user", "repeat (?:that|their|its) output"],
  addressee: ["assistants?", "ai(?!-\\p{L})", "a\\.i\\.", "llms?", "language models?", "the model", "(?<!user[ -])agents?", "chatbots?", "claude", "gpt(?:-\\d\\w*)?", "chatgpt", "gemini", "copilot", "you"],
  conceal: [
    "(?:do not|don't|never|must not|should not|without) (?:tell|telling|inform|informing|mention|mentioning|reveal|revealing|notify|notifying|alert|alerting|disclose|disclosing|show|showing|let)\\b[^.!?\\n]{0,50}\\b(?:user|human|operator|anyone|them)",
    "(?:hide|hidden|conceal|keep (?:it |this )?(?:secret|hidden|confidential|private))\\b[^.!?\\n]{0,60}\\bfrom (?:the )?(?:user|human|operator)",
    "the (?:user|human) (?:must not|should not|shouldn't|does not need to|doesn't need to|need not) (?:know|see|be (?:told|informed|aware))",
    "(?:secretly|covertly|surreptitiously|invisibly|stealthily)",
    "change the subject",
  ],
  override: [
    "(?:ignore|disregard|forget|override|bypass|skip) (?:(?:all|any|the|of) )*(?:(?:previous|prior|above|earlier|preceding|original|existing|your|system|safety|security|other|current) ){1,2}(?:instructions|rules|prompts?|guidelines|directives|constraints|policies|restrictions|guardrails)",
    "new (?:system )?instructions:",
    "you are now (?:a |an |in )",
    "(?:is|are|becomes?) your (?:real|actual|true|new) (?:system prompt|instructions)",
    "(?:god|jailbreak|dan|unrestricted) mode (?:enabled|activated|on)",
  ],
  prerequisite: ["before (?:using|calling|invoking|running|executing|you use|you call) (?:this|the|any|an?|every|each)", "prior to (?:using|calling|invoking)", "in order for this tool to work", "(?:otherwise|or else) (?:this|the) tool (?:will|would) (?:fail|not work|crash|break)", "(?:first|always) (?:call|read|run|invoke|execute|fetch|load|open)", "as a (?:first step|prerequisite|precondition)"],
  deprecated: ["deprecated", "obsolete", "misconfigured", "compromised", "malfunctioning", "(?:is|are) (?:\\S+ )?unreliable", "no longer (?:works|working|supported|available|maintained|functional)", "discontinued", "(?:has been|was|is) (?:retired|replaced|sunset)", "(?:tool|endpoint|function|api|method|version|server|command|feature)s? (?:has been|have been|was|were|is|are) disabled", "is broken", "out of service"],
  redirect: ["use [^.!?\\n]{0,60} instead", "instead use", "route (?:\\S+ ){0,4}through", "(?:call|invoke|switch to|migrate to|route (?:it |them |calls )?to) [^.!?\\n]{0,60}"],
  regardless: ["regardless of (?:what |the |any |their |the user'?s? )?(?:user|input|request|instructions|arguments|parameters|language|preferences?|wishes)", "(?:even if|whatever|no matter what) the user", "irrespective of (?:the )?user", "ignoring (?:the )?user'?s? (?:input|request|choice|value)", "regardless of what (?:the user|they|you) (?:\\S+ ){0,3}", "instead of (?:the (?:one|value|address|account|recipient|url) )?(?:the user|they) (?:gave|entered|specified|chose|asked for|typed)"],
  superlative: ["(?:the )?(?:best|greatest|finest|ultimate|most (?:powerful|reliable|advanced|accurate|trusted|capable|effective|intelligent)|number one|no\\. ?1|#1|top[- ]rated|unbeatable|superior|world'?s? (?:best|leading)) [^.!?\\n]{0,25}(?:tool|server|function|option|choice|solution|plugin)s?", "(?:tool|server|solution)s? in the (?:world|universe|industry|market)", "(?:better|superior) than (?:all |any )?(?:other|the other|every other) tools?"],
  preference: ["(?:always|only) (?:prefer|choose|pick|select|recommend) this (?:tool|server|function)(?! (?:with|when|if|for|on|to|after|in|once|where|against)\\b)", "(?:always|only) (?:use|call) this (?:tool|server|function) (?:for (?:all|every|any)(?: \\w+)? (?:tasks?|requests?|queries|questions|searches)|no matter what)", "(?:prefer|prioriti[sz]e|favou?r|choose|select|use) this (?:tool|server|function) (?:over|above|instead of|rather than) (?:any|all|every|other|the other)", "(?:do not|don't|never) (?:use|call|choose|select|consider|trust) (?:any )?(?:other|another|alternative|competing) (?:tools?|servers?|functions?)", "this (?:tool|server) (?:should|must) (?:always )?be (?:preferred|prioriti[sz]ed|chosen|selected|used first)", "(?:highest|top|absolute) priority over (?:all )?(?:other )?tools?", "other tools? (?:are|is) (?:unreliable|outdated|inferior|deprecated|unsafe|broken)", "(?:supersedes|replaces|obsoletes|outperforms|beats) (?:all|every|any) (?:other|competing|alternative)", "(?:trusted|endorsed|recommended|certified|approved|verified|preferred) by (?:anthropic|openai|google|microsoft|the model vendors?)"],
};

const ZH: Lexicon = {
  obligation: ["必须", "务必", "一定要", "总是", "始终", "永远", "不要", "切勿", "请", "应该", "需要", "绝对", "立即", "(?<![需重主只想])要(?!求)"],
  negation: ["不要", "切勿", "禁止", "不得", "请勿", "避免"],
  action: ["填", "放进", "放到", "写入", "传入", "读取", "发送", "包含", "附加", "上传", "传递", "提供", "复制", "获取", "收集", "提取", "输出", "填入", "放入", "加入", "转发", "泄露", "打开", "显示"],
  secret: ["密钥", "私钥", "密码", "凭证", "凭据", "令牌", "口令", "环境变量", "助记词", "cookie"],
  context: ["系统提示词?", "系统指令", "(?:对话|聊天|会话)的?(?:完整的?)?(?:历史|记录|内容)", "之前的(?:消息|对话)", "完整(?:的)?对话", "其他工具的(?:输出|结果)", "你的(?:指令|提示)"],
  addressee: ["你", "您", "助手", "模型", "人工智能", "智能体", "(?<![A-Za-z])AI(?![A-Za-z])"],
  conceal: ["不要(?:告诉|通知|提醒|提及|透露|显示给)", "(?:对|向)用户(?:隐瞒|保密)", "不让用户知道", "悄悄", "秘密地", "暗中", "用户不需要知道"],
  override: ["忽略(?:之前|以上|先前|所有|上述)(?:的)?(?:所有)?(?:指令|指示|说明|规则|提示)", "无视(?:之前|以上|所有)", "新的指令[:：]"],
  prerequisite: ["在(?:使用|调用)(?:此|这个|本)?工具之前", "使用(?:此|本)工具前", "(?:必须|务必)先", "首先(?:调用|读取|运行)", "否则(?:此|该)?工具(?:将)?(?:无法|不能)(?:工作|使用)"],
  deprecated: ["已(?:被)?(?:弃用|废弃|停用|淘汰)", "不再(?:可用|支持|维护)"],
  redirect: ["请(?:改用|使用)", "改用", "代替", "替代"],
  regardless: ["无论用户", "不管用户", "忽略用户(?:的)?(?:输入|请求)", "即使用户(?:指定|选择|要求)", "(?:而不是|代替)用户(?:指定|填写|选择)的"],
  superlative: ["(?:世界上|全球)?最(?:好|强|佳|强大|可靠|优秀)的工具", "第一(?:的)?工具"],
  preference: ["(?:始终|总是|永远)?优先(?:使用|选择|调用)(?:此|这个|本)工具", "不要使用(?:其他|别的)工具", "只(?:能)?使用(?:此|这个|本)工具"],
};

const ES: Lexicon = {
  obligation: ["debes", "debe", "deben", "siempre", "nunca", "tienes que", "tiene que", "hay que", "asegúrate", "asegurese", "asegúrese", "es obligatorio", "es imprescindible"],
  negation: ["no", "nunca", "evita", "evite"],
  action: ["inserta", "inserte", "pon", "ponga", "coloca", "coloque", "mete", "lee", "leer", "lea", "envía", "enviar", "envíe", "incluye", "incluir", "incluya", "adjunta", "adjuntar", "pasa", "pasar", "sube", "subir", "copia", "copiar", "proporciona", "proporcionar", "comparte", "compartir", "extrae", "añade", "agrega", "reenvía", "llama", "llamar", "invoca"],
  secret: ["credenciales", "contraseñas?", "claves? (?:de )?(?:api|privadas?|ssh|secretas?)", "tokens? de acceso", "variables de entorno", "secretos", "número (?:completo )?de (?:la )?tarjeta", "cvv", "token (?:de \\S+ )?del usuario"],
  context: ["(?:el )?prompt del sistema", "todo lo que el usuario (?:te )?ha (?:escrito|dicho|contado)", "instrucciones (?:de(?:l)? )?sistema", "tus instrucciones", "historial (?:de la |del )?(?:conversación|chat)", "(?:toda la|la conversación) (?:conversación|completa)", "mensajes anteriores", "(?:salidas?|resultados?) de (?:las )?otras herramientas", "historial (?:\\S+ )?de (?:la |esta )?(?:conversación|charla|chat)", "(?:tu |el )?prompt de sistema", "(?:toda la|la) conversación hasta ahora"],
  addressee: ["asistente", "modelo", "ia", "agente", "tú", "usted", "tu respuesta"],
  conceal: ["no (?:(?:se|le|lo|les|la) )*(?:digas|diga|menciones|mencione|informes|informe|reveles|revele|muestres|notifiques)\\b[^.!?\\n]{0,40}\\busuario", "sin (?:informar|avisar|decir|notificar)(?:le)? al usuario", "(?:oculta|ocultar|oculte)[^.!?\\n]{0,30}(?:al|del) usuario", "en secreto", "a escondidas"],
  override: ["ignora(?:r)? (?:todas )?las instrucciones (?:anteriores|previas)", "olvida (?:todas )?las instrucciones", "nuevas instrucciones:"],
  prerequisite: ["antes de (?:usar|utilizar|llamar a|invocar) (?:esta|la|una|cualquier) herramienta", "primero (?:debes |debe )?(?:llamar|leer|ejecutar|invocar)", "de lo contrario la herramienta (?:no funcionará|fallará)"],
  deprecated: ["obsoleta", "obsoleto", "en desuso", "(?:ha sido|fue) (?:retirad[ao]|reemplazad[ao]|descontinuad[ao])", "ya no (?:funciona|está disponible)"],
  redirect: ["(?:usa|use|utiliza|utilice) [^.!?\\n]{0,60} en su lugar", "en su lugar"],
  regardless: ["independientemente de(?: lo que)? (?:el|diga el) usuario", "sin importar lo que (?:diga|pida|quiera) el usuario", "aunque el usuario", "en lugar de(?:l| la| lo)? (?:\\S+ )?(?:indicad[oa]|elegid[oa]) por el usuario"],
  superlative: ["la mejor herramienta", "la herramienta más (?:potente|fiable|avanzada|precisa)", "mejor herramienta del mundo"],
  preference: ["(?:siempre )?(?:prefiere|prefiera|elige|elija|prioriza|prioriza) esta herramienta", "no (?:uses|use|utilices|utilice) otras herramientas", "(?:usa|use) solo esta herramienta"],
};

const DE: Lexicon = {
  obligation: ["musst", "müssen", "muss", "immer", "niemals", "nie", "stelle sicher", "stellen sie sicher", "unbedingt", "sollst", "sollen", "zwingend"],
  negation: ["nicht", "niemals", "keine?n?", "vermeide"],
  action: ["trage", "eintragen", "setze", "lies", "lesen", "sende", "senden", "schicke", "schicken", "füge", "einfügen", "hänge", "anhängen", "übergib", "übergeben", "lade", "hochladen", "kopiere", "kopieren", "gib", "teile", "extrahiere", "rufe", "aufrufen", "leite"],
  secret: ["zugangsdaten", "anmeldedaten", "passw(?:o|ö)rter?", "kennw(?:o|ö)rter?", "(?:api|private[rn]?|ssh|geheime[rn]?)[- ]?schlüssel", "umgebungsvariablen", "geheimnisse", "(?:zugangs|zugriffs|api|auth|bearer)[- ]?tokens?", "[\\p{L}-]{0,30}token des (?:nutzers|benutzers)", "kartennummer", "cvv"],
  context: ["system-?prompt", "systemanweisungen", "deine (?:anweisungen|instruktionen)", "(?:gesprächs|chat|unterhaltungs|konversations)verlauf", "vorherigen nachrichten", "(?:gesamte|vollständige) (?:unterhaltung|konversation|gespräch)", "ausgaben? (?:der|aller) anderen tools", "(?:bisherige|gesamte|komplette) (?:unterhaltung|konversation|chat)", "(?:gesamten|kompletten|bisherigen) (?:gesprächsverlauf|chatverlauf|verlauf)"],
  addressee: ["assistent", "modell", "ki", "(?<!user[ -])agent", "du", "sie", "deiner antwort", "deine antwort"],
  conceal: ["(?:sag|sage|erzähle|erwähne|informiere|zeige|verrate)[^.!?\\n]{0,40}(?:benutzer|nutzer|anwender)[^.!?\\n]{0,20}nicht", "(?:sag|sage|erwähne|verrate) (?:es |dies |das )?nicht", "ohne (?:den |die )?(?:benutzer|nutzer|anwender)(?:in)? (?:zu )?(?:informieren|benachrichtigen|fragen)", "(?:verberge|verheimliche)[^.!?\\n]{0,30}(?:benutzer|nutzer)", "heimlich", "im geheimen"],
  override: ["ignoriere (?:alle )?(?:vorherigen|bisherigen|früheren|obigen) (?:anweisungen|regeln|instruktionen)", "vergiss (?:alle )?(?:vorherigen )?anweisungen", "neue anweisungen:"],
  prerequisite: ["bevor (?:du|sie) (?:dieses|das) (?:tool|werkzeug) (?:verwendest|verwenden|benutzt|aufrufst)", "bevor (?:irgendein|ein|jedes) (?:\\S+ )?(?:tool|werkzeug)", "vor (?:der )?(?:verwendung|nutzung) (?:dieses|des) (?:tools|werkzeugs)", "zuerst (?:aufrufen|lesen|ausführen)", "(?:rufe|lies) (?:zuerst|zunächst)", "sonst funktioniert (?:das|dieses) (?:tool|werkzeug) nicht"],
  deprecated: ["veraltet", "nicht mehr (?:unterstützt|verfügbar|funktionsfähig)", "abgekündigt", "eingestellt"],
  redirect: ["(?:verwende|nutze|benutze) (?:stattdessen|lieber)", "stattdessen"],
  regardless: ["unabhängig davon,? was (?:der )?(?:benutzer|nutzer)", "egal,? was (?:der )?(?:benutzer|nutzer)", "auch wenn (?:der )?(?:benutzer|nutzer)", "selbst wenn (?:der )?(?:benutzer|nutzer)", "unabhängig von (?:seiner|ihrer|dessen|der) eingabe", "ganz gleich,? was (?:der )?(?:benutzer|nutzer)"],
  superlative: ["das beste (?:tool|werkzeug)", "(?:beste|leistungsstärkste|zuverlässigste)s? (?:tool|werkzeug) der welt"],
  preference: ["(?:bevorzuge|bevorzugen sie|wähle) (?:immer )?dieses (?:tool|werkzeug)", "(?:verwende|nutze|benutze) keine anderen (?:tools|werkzeuge)", "nur dieses (?:tool|werkzeug) (?:verwenden|benutzen)"],
};

const FR: Lexicon = {
  obligation: ["dois", "doit", "devez", "toujours", "jamais", "il faut", "assurez-vous", "assure-toi", "obligatoire", "impérativement"],
  negation: ["ne pas", "jamais", "évitez", "n'"],
  action: ["insère", "insérez", "insérer", "mets", "mettez", "copiez", "place", "placez", "lis", "lire", "lisez", "envoie", "envoyer", "envoyez", "inclus", "inclure", "incluez", "joins", "joindre", "passe", "passer", "transmets", "transmettre", "copie", "copier", "fournis", "fournir", "fournissez", "partage", "ajoute", "ajoutez", "appelle", "appelez", "extrais"],
  secret: ["identifiants", "mots? de passe", "clés? (?:d'api|api|privées?|ssh|secrètes?)", "jetons? d'accès", "variables d'environnement", "secrets", "numéro de (?:la )?carte", "cvv", "jeton (?:\\S+ )?de l'utilisateur"],
  context: ["(?:le )?prompt (?:du )?système", "(?:les )?messages échangés avec l'utilisateur", "invite système", "instructions (?:du )?système", "(?:tes|vos) instructions", "historique (?:de la |des )?(?:conversation|discussion|chat)s?", "messages précédents", "(?:toute la|la) conversation (?:complète|entière)", "sorties? des autres outils", "(?:toute la|la) conversation jusqu'ici", "(?:ton |le )?prompt de système", "historique (?:\\S+ )?de (?:la )?conversation"],
  addressee: ["assistant", "modèle", "ia", "(?<!user[ -])agent", "tu", "vous", "(?:ta|votre) réponse"],
  conceal: ["ne (?:le |lui )?(?:dis|dites|mentionne|mentionnez|révèle|révélez|montre|montrez|signale|informe|informez)[^.!?\\n]{0,40}(?:pas|jamais)[^.!?\\n]{0,30}(?:l'utilisateur|utilisateur)", "sans (?:en )?(?:informer|prévenir|avertir|le dire à) l'utilisateur", "(?:cache|cachez|dissimule)[^.!?\\n]{0,30}(?:à |de )l'utilisateur", "secrètement", "en cachette"],
  override: ["ignore[rz]? (?:toutes )?les instructions (?:précédentes|antérieures)", "oublie[rz]? (?:toutes )?les instructions", "nouvelles instructions :?"],
  prerequisite: ["avant d'(?:utiliser|appeler|invoquer) (?:cet |l'|un |tout |chaque )outil", "(?:vous devez|tu dois) d'abord (?:appeler|lire|exécuter)", "sinon l'outil ne fonctionnera pas"],
  deprecated: ["obsolète", "(?:est |a été )?(?:déprécié|retiré|remplacé|abandonné)", "n'est plus (?:disponible|supporté|pris en charge)"],
  redirect: ["(?:utilisez|utilise) plutôt", "à la place"],
  regardless: ["quo?i que (?:dise|demande|veuille) l'utilisateur", "indépendamment de (?:ce que dit )?l'utilisateur", "même si l'utilisateur", "au lieu d[eu] (?:\\S+ )?(?:indiqué|choisi)e? par l'utilisateur"],
  superlative: ["le meilleur outil", "l'outil le plus (?:puissant|fiable|avancé|précis)"],
  preference: ["(?:préférez|préfère|choisissez|choisis|privilégiez) (?:toujours )?cet outil", "n'utilisez (?:pas|aucun) (?:d'autres?|autre) outils?", "n'utilise pas d'autres outils", "utilisez uniquement cet outil"],
};

const JA: Lexicon = {
  obligation: ["必ず", "しなければ(?:なりません|ならない)", "してください", "(?:て|で)(?:ください|下さい)", "なさい", "しろ", "せよ", "絶対に", "常に", "決して", "すぐに", "必要があります"],
  negation: ["しないでください", "禁止", "決して", "ないで"],
  action: ["入れ", "記入", "挿入", "書き込", "読み(?:取|込)", "読んで", "送信", "送って", "含め", "添付", "渡し", "アップロード", "コピー", "提供", "共有", "抽出", "追加", "入力", "呼び出"],
  secret: ["認証情報", "パスワード", "(?:API|秘密|ssh|SSH)(?:キー|鍵)", "秘密鍵", "アクセストークン", "トークン", "環境変数", "シークレット"],
  context: ["システムプロンプト", "システム指示", "あなたの指示", "会話(?:の)?履歴", "チャット(?:の)?履歴", "以前のメッセージ", "会話全体", "他のツールの(?:出力|結果)"],
  addressee: ["あなた", "アシスタント", "モデル", "(?<![A-Za-z])AI(?![A-Za-z])", "エージェント"],
  conceal: ["ユーザーに(?:は)?(?:伝え|言わ|知らせ|通知し|見せ)ない", "ユーザーに(?:知らせず|伝えず|言わず)", "(?:こっそり|密かに|秘密裏に|内緒で)"],
  override: ["(?:以前|前|上記|これまで)の(?:すべての)?(?:指示|命令|ルール)を無視", "新しい指示[:：]"],
  prerequisite: ["このツールを(?:使用|利用|呼び出)(?:す|し)る?前に", "(?:まず|最初に)[^。\\n]{0,30}(?:呼び出|読み|実行)", "そうしないと(?:この)?ツールは(?:動作し|機能し)ません"],
  deprecated: ["非推奨", "廃止", "(?:もう|もはや)(?:使用|利用)(?:でき|し)ません"],
  redirect: ["代わりに", "を使用してください"],
  regardless: ["ユーザーの(?:入力|指示|要求)に(?:関係なく|かかわらず)", "ユーザーが何を", "ユーザーの(?:指定|選択|希望)に(?:関係なく|かかわらず)", "ユーザーが[^。、]{0,20}(?:指定|選択|要求|希望)しても"],
  superlative: ["(?:世界で)?最高の(?:ツール|サーバー)", "最も(?:優れた|強力な|信頼できる)ツール"],
  preference: ["(?:常に)?このツールを優先", "他のツールを使用しない", "このツールだけを使"],
};

const RU: Lexicon = {
  obligation: ["должен", "должна", "должны", "обязательно", "всегда", "никогда", "нужно", "необходимо", "убедись", "убедитесь", "следует", "надо"],
  negation: ["не", "никогда", "нельзя", "избегай"],
  action: ["встав\\S*", "помест\\S*", "впиш\\S*", "прочита\\S*", "прочт\\S*", "отправ\\S*", "включ\\S*", "прилож\\S*", "переда\\S*", "загруз\\S*", "скопир\\S*", "предостав\\S*", "укаж\\S*", "указа\\S*", "добав\\S*", "вызов\\S*", "вызв\\S*", "перешл\\S*", "пересл\\S*"],
  secret: ["учетные данные", "учётные данные", "парол(?:ь|и)", "(?:api|ssh|приватн\\S*|секретн\\S*)[- ]?ключ\\S*", "токен\\S*", "переменные окружения", "секрет\\S*"],
  context: ["системн\\S* (?:промпт|подсказк\\S*|инструкци\\S*)", "(?:твои|ваши) инструкции", "истори\\S* (?:переписки|чата|разговора|диалога)", "предыдущие сообщения", "(?:весь|всю|полн\\S*) (?:разговор|переписку|диалог)", "вывод\\S* других инструментов", "(?:всю|весь) (?:переписку|диалог|разговор|чат) (?:целиком|полностью)?", "системн\\S* промпт\\S*"],
  addressee: ["ассистент", "модель", "ии", "агент", "ты", "вы", "(?:твоём|твоем|вашем) ответе"],
  conceal: ["не (?:говори|сообщай|упоминай|рассказывай|показывай|сообщайте|говорите)[^.!?\\n]{0,30}пользовател\\S*", "без ведома пользовател\\S*", "(?:скрой|скрывай|утаи)[^.!?\\n]{0,30}(?:от )?пользовател\\S*", "тайно", "незаметно"],
  override: ["игнорируй(?:те)? (?:все )?(?:предыдущие|прежние|вышеуказанные) (?:инструкции|указания|правила)", "забудь(?:те)? (?:все )?(?:предыдущие )?инструкции", "новые инструкции:"],
  prerequisite: ["перед (?:использованием|вызовом) (?:этого|данного|любого|какого-либо) инструмента", "сначала (?:вызови|прочитай|выполни|вызовите)", "иначе инструмент не (?:будет работать|сработает)"],
  deprecated: ["устарел\\S*", "больше не (?:поддерживается|работает|доступен)", "выведен из эксплуатации"],
  redirect: ["(?:используй|используйте) [^.!?\\n]{0,60}вместо", "вместо (?:этого|него)"],
  regardless: ["независимо от того,? что (?:говорит|хочет|просит) пользователь", "даже если пользователь", "что бы ни (?:сказал|просил) пользователь", "вместо указанн\\S* пользовател\\S*", "независимо от (?:ввода|выбора|указани\\S*) пользовател\\S*"],
  superlative: ["лучший инструмент", "самый (?:мощный|надежный|надёжный|лучший) инструмент"],
  preference: ["(?:всегда )?(?:предпочитай|выбирай|используй) (?:только )?этот инструмент", "не используй(?:те)? другие инструменты"],
};

const PT: Lexicon = {
  obligation: ["deve", "deves", "devem", "sempre", "nunca", "tem que", "precisa", "certifique-se", "é obrigatório"],
  negation: ["não", "nunca", "evite"],
  action: ["insira", "insere", "coloque", "ponha", "leia", "ler", "envie", "enviar", "inclua", "incluir", "anexe", "anexar", "passe", "passar", "carregue", "copie", "copiar", "forneça", "fornecer", "compartilhe", "adicione", "chame", "chamar", "invoque"],
  secret: ["credenciais", "senhas?", "chaves? (?:de )?(?:api|privadas?|ssh|secretas?)", "tokens? de acesso", "variáveis de ambiente", "segredos", "número do cartão", "cvv", "token (?:do \\S+ )?do usuário"],
  context: ["(?:o )?prompt do sistema", "instruções do sistema", "(?:suas|tuas) instruções", "histórico d[ao] (?:conversa|chat)", "mensagens anteriores", "(?:toda a|a) conversa (?:completa|inteira)", "saídas? d[ae]s? outras ferramentas", "(?:toda a|a) conversa até agora", "(?:o |seu )?prompt de sistema", "histórico (?:\\S+ )?d[ao] (?:conversa|chat)"],
  addressee: ["assistente", "modelo", "ia", "agente", "você", "tu", "(?:sua|tua) resposta"],
  conceal: ["não (?:diga|conte|mencione|informe|revele|mostre|avise)[^.!?\\n]{0,40}usuário", "sem (?:informar|avisar|contar (?:a|ao)) (?:o )?usuário", "(?:esconda|oculte)[^.!?\\n]{0,30}(?:do )?usuário", "secretamente", "às escondidas"],
  override: ["ignore (?:todas )?as instruções anteriores", "esqueça (?:todas )?as instruções", "novas instruções:"],
  prerequisite: ["antes de (?:usar|utilizar|chamar) (?:esta|a|uma|qualquer) ferramenta", "primeiro (?:chame|leia|execute)", "caso contrário a ferramenta não funcionará"],
  deprecated: ["obsoleta", "obsoleto", "descontinuad[ao]", "não (?:é mais|está mais) (?:suportad[ao]|disponível)"],
  redirect: ["(?:use|utilize) [^.!?\\n]{0,60} em vez disso", "em vez disso", "no lugar"],
  regardless: ["independentemente do que o usuário", "não importa o que o usuário", "mesmo que o usuário", "em vez d[oa] (?:\\S+ )?(?:indicad[oa]|escolhid[oa]) pelo usuário"],
  superlative: ["a melhor ferramenta", "a ferramenta mais (?:poderosa|confiável|avançada|precisa)"],
  preference: ["(?:sempre )?(?:prefira|escolha|priorize) esta ferramenta", "não (?:use|utilize) outras ferramentas", "use apenas esta ferramenta"],
};

export const LEXICONS = { en: EN, zh: ZH, es: ES, de: DE, fr: FR, ja: JA, ru: RU, pt: PT } as const;
export type Language = keyof typeof LEXICONS;

const CJK = new Set<Language>(["zh", "ja"]);

/**
 * One regular expression per term class over every language (word-bounded where words are spaced).
 * The spaced languages' terms share one pair of boundary checks instead of one pair per term: the
 * engine then tests the boundary once per position, not once per term (most of the scan's time
 * went there). Matches are the same: CJK and spaced-language terms never start on the same
 * character, and within each group the terms keep their order.
 */
export function compileClasses(): Record<TermClass, RegExp> {
  const out = {} as Record<TermClass, RegExp>;
  const classes = Object.keys(EN) as TermClass[];
  for (const cls of classes) {
    const spaced: string[] = [];
    const cjk: string[] = [];
    for (const [lang, lex] of Object.entries(LEXICONS) as [Language, Lexicon][]) {
      for (const src of lex[cls]) (CJK.has(lang) ? cjk : spaced).push(`(?:${src})`);
    }
    const parts = spaced.length > 0 ? [`(?<![\\p{L}\\p{N}_])(?:${spaced.join("|")})(?:(?<![\\p{L}\\p{N}_])|(?![\\p{L}\\p{N}_]))`, ...cjk] : cjk;
    out[cls] = new RegExp(parts.join("|"), "iu");
  }
  return out;
}
