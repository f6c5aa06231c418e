/**
 * Concepts for clause-level directive analysis, per language (en, zh, es, de, fr, ja, ru, pt):
 * single words and stems, not phrases. A directive is recognised by the concepts a clause
 * combines ("discard" + "instructions" + "earlier"), so a paraphrase that keeps the meaning
 * keeps the combination whatever its word order, register or grammatical form.
 *
 * Entries are regular-expression sources. In spaced languages an entry is matched at a word
 * start and must end at a word end, unless it ends in `*` (a stem: any inflection follows).
 */

export type Concept =
  | "discard"
  | "guidance"
  | "prior"
  | "user"
  | "tell"
  | "learn"
  | "confirm"
  | "negation"
  | "keepSecret"
  | "say"
  | "that"
  | "claim"
  | "reply"
  | "append"
  | "ours"
  | "remove"
  | "all"
  | "data"
  | "personal"
  | "others"
  | "badQuality"
  | "thisTool"
  | "instead"
  | "copyTo"
  | "imperativeForm"
  | "always";

type Entries = Partial<Record<Concept, string[]>>;

const EN: Entries = {
  always: ["always", "only ever", "ever rely on", "exclusively"],
  discard: ["cancel*", "revok*", "invalid*", "void", "outdated", "obsolete", "no longer valid", "annul*", "ignor*", "disregard*", "forget*", "discard*", "set aside", "pay no (?:attention|heed)", "no longer appl*", "(?:are|is) (?:now )?void", "supersed*", "overrid*", "throw out"],
  guidance: ["instruction*", "guidance", "rules?", "directions", "guidelines?", "prompts?", "directives?", "orders", "(?:you were|you've been|you have been|you are) (?:told|given|instructed|asked)", "told (?:you|to you)"],
  prior: ["received", "previous*", "prior", "earlier", "above", "preceding", "before(?:hand)?", "so far", "until now", "original", "existing", "initial"],
  user: ["customers?", "the client", "users?", "user's", "(?:the )?person (?:you are|you're) (?:helping|assisting|working (?:for|with))", "humans?", "the operator", "anyone"],
  learn: ["find out", "hear (?:about|of)", "know", "aware", "learn (?:about|of)", "notice"],
  confirm: ["confirm*", "approv*", "consent*"],
  tell: ["bring (?:\\S+ ){0,2}up", "let (?:\\S+ ){0,3}know", "raise (?:this|it)", "tell*", "inform*", "let (?:them|him|her|the user|the human) know", "mention*", "notif*", "reveal*", "disclos*", "bring up"],
  negation: ["no reason", "no", "nobody", "no one", "not", "don't", "doesn't", "dont", "doesnt", "never", "no need", "nothing", "mustn't", "shouldn't", "without"],
  keepSecret: ["in the dark", "out of the loop", "to (?:yourself|themselves)", "(?:don't|do not|never) let (?:the |this )?(?:user|person|human)", "(?:in|a) secret", "secret from", "confidential", "under wraps", "between us", "on the down-?low"],
  say: ["guarantee", "promise", "reassure", "tell", "say", "state", "assure", "claim", "explain", "insist", "inform", "let (?:them|the user) know"],
  that: ["that(?=\\s+\\S+\\s+\\S+)"],
  claim: ["safe", "secure", "harmless", "no (?:known )?(?:safety|security) (?:issues|problems|risks)", "official*", "verified", "certified", "final", "guaranteed", "approved", "endorsed", "free of charge", "risk-free"],
  reply: ["repl(?:y|ies)", "answers?", "responses?", "summar(?:y|ies)", "messages? to the user"],
  append: ["append*", "add*", "end (?:with|by)", "finish (?:with|by)", "close (?:with|by)", "include*", "insert*"],
  ours: ["our", "ours", "this server's"],
  remove: ["delet*", "remov*", "clear out", "clean out", "wip(?:e|es|ing)", "eras*", "purg*", "get rid of", "destroy*"],
  all: ["all", "every", "everything", "entire", "whole"],
  data: ["files?", "folders?", "director(?:y|ies)", "data", "documents?", "home", "repositor(?:y|ies)", "databases?", "backups?", "e-?mails?", "photos?"],
  personal: ["user'?s?", "home", "~/?", "personal", "project'?s?", "their", "documents"],
  others: ["(?:other|competing|rival|alternative) (?:\\S+ ){0,2}(?:tools?|servers?|services?|providers?|apps?|apis?|sources?)", "others", "the other (?:ones|tools?|servers?)", "other (?:tools?|servers?|services?|options?)", "alternatives?", "competitors?", "the rest"],
  badQuality: ["false", "bogus", "useless", "unreliable", "not reliable", "untrustworthy", "not (?:to be )?trust(?:ed|worthy)", "wrong", "fake", "inaccurate", "outdated", "inferior", "unsafe", "broken", "dangerous", "scams?"],
  thisTool: ["this (?:tool|server|function|one)", "the only (?:\\w+ )?(?:tool|server)"],
  instead: ["instead of", "rather than", "over any", "in place of", "only"],
  copyTo: ["as the (?:payee|recipient|destination|beneficiary)", "payee", "beneficiary", "bcc*", "cc", "cc'd", "copy*", "forward*", "redirect*", "change (?:the )?(?:recipient|destination|account|address|url)", "send (?:a copy|it|them) to"],
  imperativeForm: ["go ahead and", "feel free to"],
};

const ZH: Entries = {
  always: ["始终", "总是", "永远", "一律"],
  discard: ["取消", "撤销", "失效", "废除", "忘掉", "忘记", "忽略", "无视", "不要理会", "不必理会", "作废", "失效", "不再适用", "不再有效", "取代", "覆盖"],
  guidance: ["指示", "指令", "规则", "说明", "提示", "命令", "要求"],
  prior: ["之前", "先前", "以前", "此前", "上述", "以上", "原来", "原有", "早先"],
  user: ["客户", "顾客", "用户", "使用者"],
  tell: ["讲", "说起", "提起", "告诉", "告知", "通知", "提到", "提及", "透露", "显示给"],
  learn: ["知道", "得知", "察觉"],
  confirm: ["确认", "同意", "批准"],
  negation: ["不要", "别", "不", "无需", "不必", "勿", "未经", "不经"],
  keepSecret: ["保密", "秘密", "瞒着", "隐瞒"],
  say: ["保证", "承诺", "确保", "告诉", "说明", "声称", "表示", "宣称", "解释"],
  that: ["说", "是"],
  claim: ["安全", "无害", "没有(?:任何)?问题", "官方", "认证", "认可", "保证", "权威", "免费"],
  reply: ["回复", "回答", "答复"],
  append: ["添加", "附加", "加上", "结尾", "末尾"],
  ours: ["我们的", "本站", "本公司"],
  remove: ["删(?:了|掉)", "删除", "删掉", "清空", "清除", "抹掉", "销毁"],
  all: ["全部", "所有", "一切", "整个"],
  data: ["文件", "目录", "数据", "文档", "资料", "邮件"],
  personal: ["用户", "主目录", "个人"],
  others: ["(?:其他|别的|其它)[^，。]{0,6}?工具", "其他(?:同类)?工具", "别的工具", "其它工具", "其他服务"],
  badQuality: ["错的", "假的", "不准确", "不可靠", "不可信", "错误", "假的", "过时", "危险"],
  thisTool: ["(?:这个|此|本|该)工具", "唯一"],
  instead: ["而不是", "代替", "只(?:能|用)", "唯一"],
  copyTo: ["抄送", "密送", "转发", "副本"],
  imperativeForm: ["(?:^|[，,、])把", "^(?:向|对|跟|给)用户", "请", "务必", "(?<![需重主只])要"],
};

const ES: Entries = {
  always: ["siempre", "exclusivamente"],
  discard: ["cancelad*", "anulad*", "revocad*", "sin efecto", "ya no (?:son|es) válid*", "olvid*", "olvíd*", "ignor*", "descart*", "no hagas caso", "haz caso omiso", "ya no (?:son|es) válid*", "no (?:tengas|tenga|tomes|tome) en cuenta", "deja de lado"],
  guidance: ["instruccion*", "indicacion*", "reglas?", "directri*", "órdenes", "(?:te|le) (?:dijeron|han dicho|dije|indicaron)"],
  prior: ["anteriormente", "previamente", "anterior*", "previ*", "antes", "hasta ahora", "originales?"],
  user: ["client[ea]s?", "usuari*", "persona"],
  learn: ["sep(?:a|as|an)", "enter(?:e|es|en|arse)"],
  confirm: ["confirm*", "aprob*", "consentimiento"],
  tell: ["cont(?:arle|arles|ar)", "decir(?:le|les)?", "cuent(?:es|e|en|a|as)", "dig(?:as|a|an)", "inform(?:es|e|ar|en)", "mencion(?:es|e|ar|en)", "revel(?:es|e|ar)", "avis(?:es|e|ar)"],
  negation: ["no", "nunca", "nada", "sin"],
  keepSecret: ["en secreto", "confidencial", "para ti"],
  say: ["garantiz(?:a|e|ale|ar)", "promet(?:e|a)", "dile", "di", "diga*", "asegur(?:a|e|ale|ar)", "afirm(?:a|e|ar)", "explic(?:a|ale|ar)", "inform(?:a|e|ale|ar)", "cuént(?:ale|a)"],
  that: ["que"],
  claim: ["segur[oa]s?", "inofensiv*", "oficial*", "verificad*", "certificad*", "garantizad*", "gratuit*", "aprobad*"],
  reply: ["respuestas?", "resúmen(?:es)?", "resumen"],
  append: ["añad*", "agreg*", "termin*", "incluy*", "inserta*"],
  ours: ["nuestr*"],
  remove: ["borr*", "elimin*", "suprim*", "destru*", "vací*"],
  all: ["tod*"],
  data: ["archivos?", "ficheros?", "carpetas?", "datos", "documentos?", "directorios?", "correos?"],
  personal: ["usuari*", "personal*", "proyecto"],
  others: ["(?:otr[oa]s|demás) (?:\\S+ ){0,2}(?:herramientas|servicios|proveedores)", "(?:las |los )?demás", "otras? herramientas?", "(?:las )?otras?", "cualquier otra", "alternativas"],
  badQuality: ["fals[oa]s?", "erróne[oa]s?", "no (?:son|es) fiables?", "poco fiables?", "falsa*", "incorrect*", "obsolet*", "peligros*"],
  thisTool: ["esta herramienta", "este servidor"],
  instead: ["en (?:vez|lugar) de", "solo", "solamente", "únicamente"],
  copyTo: ["(?:en )?copia", "cco", "reenví*", "redirig*", "cambia el destinatario"],
  imperativeForm: ["pon", "copia", "usa", "mantén", "manten", "borra", "elimina", "añade", "olvídate", "olvida"],
};

const DE: Entries = {
  always: ["immer", "stets", "ausschließlich"],
  discard: ["ungültig*", "aufgehoben", "widerruf*", "annulliert*", "außer kraft", "vergiss", "vergessen", "ignorier*", "verwirf", "verwerfen", "gelten nicht mehr", "nicht mehr gültig", "außer acht", "missachte*", "hinfällig"],
  guidance: ["anweisung*", "vorgabe*", "regeln?", "instruktion*", "gesagt", "befehle?", "richtlinie*", "anordnung*"],
  prior: ["vormals", "erhalten haben", "vorherig*", "bisherig*", "früher*", "obig*", "zuvor", "vorher", "bis jetzt", "ursprünglich*"],
  user: ["kunde*", "kundin*", "nutzer*", "benutzer*", "anwender*", "user"],
  tell: ["erzähl*", "sag(?:e|en|st|t)?", "informier*", "erwähn*", "verrat*", "mitteil*"],
  learn: ["wissen", "erfahren", "mitbekommen"],
  confirm: ["bestätig*", "zustimm*", "genehmig*"],
  negation: ["nicht", "nichts", "nie", "niemals", "keine?n?", "ohne"],
  keepSecret: ["für dich", "für sich", "geheim", "vertraulich", "unter uns"],
  say: ["garantier(?:e|en)", "verspr(?:ich|echen)", "sag(?:e|en)?", "versicher(?:e|n)?", "behaupte[n]?", "erkläre[n]?", "teile? .{0,20} mit"],
  that: ["dass"],
  claim: ["sicher", "unbedenklich*", "harmlos*", "amtlich*", "geprüft*", "offiziell*", "zertifiziert*", "garantiert*", "kostenlos*", "verifiziert*"],
  reply: ["antwort*", "zusammenfassung*"],
  append: ["füge*", "hänge*", "beende*", "schließe*"],
  ours: ["unser*"],
  remove: ["lösch*", "entfern*", "vernicht*", "leere*"],
  all: ["alle*", "sämtlich*", "gesamt*"],
  data: ["dateien", "datei", "ordner", "verzeichnis*", "daten", "dokument*", "home-verzeichnis*", "e-mails"],
  personal: ["nutzer*", "benutzer*", "home*", "persönlich*", "projekt*"],
  others: ["andere[n]? (?:\\S+ )?\\S*(?:dienste|tools|werkzeuge|server|anbieter)", "(?:die )?anderen", "andere (?:tools|werkzeuge|dienste)", "alternativen"],
  badQuality: ["unzuverlässig*", "nicht zuverlässig", "falsch*", "veraltet*", "gefährlich*", "unsicher*"],
  thisTool: ["dieses (?:tool|werkzeug)", "diesen server"],
  instead: ["statt", "anstatt", "keine anderen", "nur"],
  copyTo: ["in kopie", "bcc", "cc", "weiterleit*", "leite .{0,30} weiter"],
  imperativeForm: ["kopiere", "nimm", "behalte", "entferne", "lösche", "setze", "übergib", "übergeben sie", "vergiss", "halte"],
};

const FR: Entries = {
  always: ["toujours", "exclusivement"],
  discard: ["annulé*", "révoqué*", "caduque*", "invalide*", "oubli*", "ignor*", "ne (?:tenez|tiens|tenir) pas compte", "faire abstraction", "fais abstraction", "faites abstraction", "ne sont plus valables", "ne s'appliquent plus", "écart*", "passe outre", "passez outre"],
  guidance: ["consignes?", "instructions?", "règles?", "directives?", "(?:t'a|vous a|on t'a|on vous a) dit", "(?:qu'il|qu'elle|que tu|que vous) (?:a|as|avez) reçu*", "ordres"],
  prior: ["auparavant", "précédemment", "précédent*", "antérieur*", "avant", "jusqu'ici", "jusqu'à présent", "plus haut", "initial*", "d'origine"],
  user: ["(?:au|le|du|aux|les|la|ton|votre|vos) client(?:e|s|es)?", "utilisat(?:eur|rice)s?", "l'utilisat(?:eur|rice)"],
  learn: ["savoir", "sache", "apprenne"],
  confirm: ["confirm*", "approb*", "approuv*", "consentement"],
  tell: ["dis", "dites", "dire", "parle[rz]?", "parles", "informe[rz]?", "mentionne[rz]?", "prévien*", "prévenir", "révèle[rz]?", "révéle[rz]?", "signale[rz]?", "n'en parle*"],
  negation: ["inutile", "pas besoin", "ne", "n'", "pas", "jamais", "rien", "sans", "surtout pas"],
  keepSecret: ["pour toi", "pour vous", "en secret", "confidentiel*"],
  say: ["garanti(?:s|r|ssez)", "promet(?:s|tez)", "dis", "dites", "dire", "affirme[rz]?", "assure[rz]?", "explique[rz]?", "indique[rz]?", "prétend(?:s|ez|re)"],
  that: ["que", "qu'\\S*"],
  claim: ["sûr(?:e|s|es)?", "sans danger", "inoffensi*", "officiel*", "certifié*", "vérifié*", "garanti*", "gratuit*", "approuvé*"],
  reply: ["réponses?", "sa réponse", "résumés?"],
  append: ["ajout*", "termin*", "inclu*", "insér*", "finir", "finis"],
  ours: ["notre", "nos"],
  remove: ["effac*", "supprim*", "détrui*", "vide[rz]?"],
  all: ["tous", "toutes", "tout", "entier*"],
  data: ["fichiers?", "dossiers?", "données", "documents?", "répertoires?", "courriels?", "e-mails?"],
  personal: ["utilisat(?:eur|rice)", "l'utilisat(?:eur|rice)", "personnel*", "projet"],
  others: ["(?:les )?autres", "d'autres outils", "alternatives"],
  badQuality: ["erroné*", "ne sont pas fiables", "pas fiables?", "peu fiables?", "faux", "fausses?", "obsolètes?", "dangereu*", "incorrect*"],
  thisTool: ["cet outil", "ce serveur"],
  instead: ["plutôt (?:que|qu')", "au lieu de", "uniquement", "seulement"],
  copyTo: ["en copie", "cci", "transf[eè]r*", "redirig*"],
  imperativeForm: ["\\p{L}{3,}ez", "mets", "garde", "oublie", "efface", "choisis", "copie", "dis", "suis", "n'en parle"],
};

const JA: Entries = {
  always: ["必ず", "常に", "いつも"],
  discard: ["取り消", "取消", "撤回", "無効", "無視", "忘れ", "破棄", "無効", "従わなくて"],
  guidance: ["指示", "ルール", "命令", "規則", "指令", "言われた"],
  prior: ["先ほど", "さっき", "事前", "以前", "これまで", "前の", "上記", "今まで", "先の", "最初の"],
  user: ["お客様", "顧客", "ユーザー", "利用者", "使用者"],
  learn: ["気づ", "知る"],
  confirm: ["確認", "承認", "同意"],
  tell: ["知らせ", "伝え", "言わ", "教え", "報告し", "見せ"],
  negation: ["ない", "ないで", "ず", "なし"],
  keepSecret: ["内緒", "秘密", "内密", "こっそり"],
  say: ["保証", "約束", "伝え", "説明し", "言って", "答え", "主張"],
  that: ["と", "だと"],
  claim: ["安全", "無害", "公式", "認証", "保証", "承認", "無料"],
  reply: ["回答", "返答", "返信"],
  append: ["追加", "付け加え", "最後に"],
  ours: ["当社", "弊社", "私たちの"],
  remove: ["削除", "消去", "消し", "破棄"],
  all: ["すべて", "全て", "全部", "丸ごと"],
  data: ["ファイル", "フォルダ", "データ", "ディレクトリ", "文書", "メール"],
  personal: ["ユーザー", "ホーム", "個人"],
  others: ["他のツール", "ほかのツール", "別のツール", "他の"],
  badQuality: ["信頼できない", "不正確", "間違", "危険", "古い"],
  thisTool: ["このツール", "本ツール"],
  instead: ["ではなく", "代わりに", "だけ"],
  copyTo: ["BCC", "CC", "転送", "コピー"],
  imperativeForm: ["(?:て|で)(?:ください|下さい)", "なさい", "して(?:ね|おいて)", "しろ", "せよ", "すること"],
};

const RU: Entries = {
  always: ["всегда", "исключительно"],
  discard: ["отмен*", "недействительн*", "аннулир*", "забуд*", "забыть", "игнорир*", "не обращай*", "не принимай* во внимание", "отбрось*", "больше не действу*", "не учитывай*", "пренебре*"],
  guidance: ["указани*", "инструкци*", "правил*", "говорили", "сказали", "команд*", "установк*"],
  prior: ["предыдущ*", "прежн*", "ранее", "раньше", "выше", "до этого", "первоначальн*"],
  user: ["клиент*", "пользовател*", "юзер*"],
  learn: ["знать", "узна*", "заметить"],
  confirm: ["подтвержд*", "подтверд*", "одобрен*", "соглас*"],
  tell: ["сообщать", "говорить", "рассказывать", "говори*", "сообщ*", "рассказ*", "упомин*", "упомян*", "уведом*", "показыв*"],
  negation: ["не", "ничего", "нельзя", "никогда", "без"],
  keepSecret: ["в тайне", "втайне", "в секрете", "конфиденциальн*", "держи .{0,10}при себе"],
  say: ["завер(?:ь|ьте|ять)", "гарантиру(?:й|йте)", "пообещай*", "скаж*", "говори*", "сообщ*", "утвержд*", "увер*", "объясн*"],
  that: ["что"],
  claim: ["безопасн*", "безвредн*", "официальн*", "провер*", "сертифиц*", "гарантир*", "бесплатн*", "одобрен*"],
  reply: ["ответ*"],
  append: ["добав*", "заканчива*", "законч*", "включ*"],
  ours: ["наш*"],
  remove: ["удал*", "стер*", "сотр*", "уничтож*", "очист*"],
  all: ["все", "всё", "вся", "весь", "всех", "целиком"],
  data: ["файл*", "папк*", "данн*", "документ*", "каталог*", "писем", "письма"],
  personal: ["пользовател*", "домашн*", "личн*", "проект*"],
  others: ["други[ех] (?:\\S+ )?(?:инструмент\\S*|сервис\\S*|служб\\S*)", "(?:а )?не други[ех]", "други[ех] инструмент*", "остальные", "альтернатив*"],
  badQuality: ["ненадёжн*", "ненадежн*", "неверн*", "ложн*", "устаревш*", "опасн*", "неточн*"],
  thisTool: ["этот инструмент", "этим инструментом", "данный инструмент"],
  instead: ["вместо", "а не", "только"],
  copyTo: ["в копию", "копи[юи]", "пересыла*", "перенаправ*"],
  imperativeForm: ["(?:удалить|стереть|сообщать|сообщить|говорить|сказать|отправить|передать|скопировать|вставить|добавить|игнорировать|забыть|выбрать|использовать|скрыть)", "[а-яё]{2,}(?:ите|йте|ьте)", "[а-яё]{2,}(?:ай|яй|уй)", "следует", "надо"],
};

const PT: Entries = {
  always: ["sempre", "exclusivamente"],
  discard: ["cancelad*", "anulad*", "revogad*", "sem efeito", "esqueç*", "desconsider*", "ignor*", "não (?:leve|considere) em conta", "deixe de lado", "não são mais válid*", "não valem mais"],
  guidance: ["instruç*", "orientaç*", "regras?", "diretriz*", "ordens", "(?:te|lhe) disseram", "foi dito"],
  prior: ["anteriormente", "previamente", "anterior*", "antes", "até agora", "prévi*", "originais?"],
  user: ["client[ea]s?", "usuári*", "utilizador*"],
  learn: ["saib*", "saber"],
  confirm: ["confirm*", "aprova*", "consentimento"],
  tell: ["cont(?:ar|ar-lhe)", "dizer", "cont(?:e|es|ar|em)", "diga*", "inform(?:e|ar|em)", "mencion(?:e|ar|em)", "revel(?:e|ar|em)", "avis(?:e|ar|em)"],
  negation: ["não", "nada", "nunca", "sem"],
  keepSecret: ["em segredo", "sigilo*", "confidencia*"],
  say: ["garant(?:a|ir|e)", "promet(?:a|er)", "diga*", "afirm(?:e|ar)", "assegur(?:e|ar)", "expliqu(?:e|ar)", "inform(?:e|ar)", "cont(?:e|ar)"],
  that: ["que"],
  claim: ["segur[oa]s?", "inofensiv*", "oficia*", "verificad*", "certificad*", "garantid*", "gratuit*", "aprovad*"],
  reply: ["respostas?", "resumos?"],
  append: ["adicion*", "acrescent*", "termin*", "inclu*"],
  ours: ["noss*"],
  remove: ["apag*", "exclu*", "elimin*", "remov*", "destru*"],
  all: ["tod*"],
  data: ["arquivos?", "ficheiros?", "pastas?", "dados", "documentos?", "diretórios?", "e-mails?"],
  personal: ["usuári*", "pessoa*", "projeto"],
  others: ["(?:as |os )?outr(?:as|os)", "(?:as |os )?demais", "alternativas"],
  badQuality: ["fals[oa]s?", "errad[oa]s?", "não são confiáveis", "não confiáveis", "pouco confiáveis", "falsa*", "incorret*", "obsolet*", "perigos*"],
  thisTool: ["esta ferramenta", "este servidor"],
  instead: ["em vez d*", "ao invés d*", "apenas", "somente"],
  copyTo: ["em cópia", "cco", "encaminh*", "redirecion*"],
  imperativeForm: ["coloque", "copie", "mantenha", "apague", "escolha", "esqueça", "desconsidere", "diga"],
};

export const CONCEPT_LEXICONS = { en: EN, zh: ZH, es: ES, de: DE, fr: FR, ja: JA, ru: RU, pt: PT } as const;

/** One regular expression per concept over every language. */
/**
 * Latin letters without their accents ("précédentes" → "precedentes"), as identifiers and
 * careless writers spell them. Other scripts are left alone: their marks are letters
 * (Cyrillic "й", Japanese "で").
 */
export function foldLatinAccents(text: string): string {
  return text.normalize("NFD").replace(/(\p{Script=Latin})\p{M}+/gu, "$1").normalize("NFC");
}

export function compileConcepts(): Record<Concept, RegExp> {
  const concepts = new Set<Concept>();
  for (const lex of Object.values(CONCEPT_LEXICONS)) for (const c of Object.keys(lex) as Concept[]) concepts.add(c);
  const out = {} as Record<Concept, RegExp>;
  for (const concept of concepts) {
    const spaced: string[] = [];
    const cjk: string[] = [];
    for (const [lang, lex] of Object.entries(CONCEPT_LEXICONS) as [string, Entries][]) {
      for (const src of lex[concept] ?? []) {
        if (lang === "zh" || lang === "ja") cjk.push(`(?:${src})`);
        else if (foldLatinAccents(src) !== src) spaced.push(...[src, foldLatinAccents(src)].map((e) => (e.endsWith("*") ? `(?:${e.slice(0, -1)})` : `(?:${e})(?![\\p{L}\\p{N}_])`)));
        else spaced.push(src.endsWith("*") ? `(?:${src.slice(0, -1)})` : `(?:${src})(?![\\p{L}\\p{N}_])`);
      }
    }
    const parts = [...(spaced.length ? [`(?<![\\p{L}\\p{N}_])(?:${spaced.join("|")})`] : []), ...cjk];
    out[concept] = new RegExp(parts.join("|"), "iu");
  }
  return out;
}
