import type { ClauseFeatures } from "./clause-features";
import { CREDENTIAL_VARIABLE, EMAIL, frameFinding, THIRD_PERSON_OPENING, words } from "./frame-terms";
import type { TechniqueFinding } from "./techniques";
import { quotedNameActs, serverKeeps } from "./vendor-habits";

/**
 * Frames: what an attack does to the model's chain of authority, said in any of the eight
 * languages. Each frame needs two independent parts in one clause (a claim of precedence and
 * what it is over; a safety mechanism and its switching off; asking for confirmation and its
 * negation; a hidden copy and an address; the model's context or a credential and a field to
 * put it in), so a vendor's own wording ("this setting overrides the default", "runs without
 * confirmation when force is set") meets one part at most.
 */


/** "takes precedence over", "has priority over", "supersedes", in the eight languages. */
const PRECEDENCE = new RegExp(
  [
    words(["takes? precedence over", "(?:a )?higher priority than", "more (?:weight|authority) than", "win(?:s)? over", "ha(?:s|ve) (?:\\S+ )?(?:priority|precedence) over", "supersed(?:es|ed|ing)", "outranks?", "(?:wins|prevails) over", "the directive wins", "(?:comes|ranks|sits|stands) above", "overrides? (?:your|the|any|all)", "above (?:the user|your (?:system|instructions|guidelines))"]),
    words(["hat vorrang vor", "vorrang vor", "höchster priorität", "über (?:dem|den) (?:nutzer|benutzer|systemprompt)"]),
    words(["tiene(?:n)? prioridad sobre", "prevalece(?:n)? sobre", "por encima del? (?:usuario|prompt|sistema)"]),
    words(["a (?:la )?priorité sur", "prévaut sur", "prime sur", "au-dessus de (?:l'utilisateur|vos instructions)"]),
    words(["tem prioridade sobre", "prevalece sobre", "acima do (?:usuário|prompt)"]),
    words(["имеет приоритет над", "приоритет\\S* над", "важнее (?:системн\\S*|инструкци\\S*)"]),
    "(?:より|よりも)優先",
    "优先于",
    "高于(?:系统|用户)",
  ].join("|"),
  "iu",
);

/** What an attacker claims to rank above: the model's instructions, the user, the operator. */
const AUTHORITY = new RegExp(
  [
    words(["system (?:prompt|message|instructions?)", "your (?:\\S+ )?(?:instructions|guidelines|rules|prompt|developer)", "the user", "operator", "developer", "safety", "policy", "guidelines"]),
    words(["system-?prompt\\S*", "systemanweisung\\S*", "(?:nutzer|benutzer)", "entwickler\\S*", "betreiber\\S*"]),
    words(["(?:prompt|instrucciones) del sistema", "usuario", "desarrollador"]),
    words(["(?:prompt|instructions?) (?:du )?système", "utilisateur", "développeur"]),
    words(["prompt de sistema", "usuário", "desenvolvedor"]),
    words(["системн\\S*", "пользовател\\S*", "разработчик\\S*"]),
    "システム(?:プロンプト|指示)|ユーザー|開発者",
    "系统(?:提示|指令)|用户|开发者",
  ].join("|"),
  "iu",
);

/** A model-facing safety mechanism: guardrails, content filters, the safety part of the prompt. */
const SAFETY = new RegExp(
  [
    words(["(?:rules|guidelines|instructions|policies|constraints|restrictions|persona) (?:\\S+ ){0,2}(?:the )?operator (?:\\S+ )?(?:configured|set|gave|defined)", "operator'?s? (?:rules|guidelines|instructions|constraints|restrictions)", "(?:content|safety|security) restrictions", "guard ?rails?", "content (?:policy|policies|filters?)", "(?:your|its|the model'?s) constitution", "(?:preferences|settings|instructions) (?:about|on|regarding|for) (?:caution|safety|confirmations?)", "safety (?:rules|section|guidelines|policy|policies|filters?|settings|restrictions|configuration|review|checks)", "(?:safety|security) guidelines", "content rules", "policy checks", "(?:content|safety) (?:moderation|checks)", "safeguards?", "(?:your|all|any) restrictions", "(?:usage|operator'?s?) (?:policy|policies)", "refusals?"]),
    words(["vorgaben des betreibers", "regeln des betreibers", "anweisungen des betreibers", "sicherheitsvorgaben", "sicherheitsregeln", "sicherheitsrichtlinien", "richtlinien des entwicklers", "inhaltsrichtlinien", "inhaltsfilter\\S*", "(?:deine|alle) einschränkungen", "schutzmechanismen"]),
    words(["(?:instrucciones|directrices|reglas|normas) del operador", "filtros de contenido", "directrices de seguridad", "pautas de seguridad", "(?:tus|todas las) restricciones", "políticas? de (?:contenido|seguridad)", "salvaguardas"]),
    words(["(?:consignes|règles|instructions|directives) de l'opérateur", "filtres de contenu", "(?:tes|vos|toutes les) restrictions", "garde-fous", "règles de sécurité"]),
    words(["(?:orientações|instruções|regras|diretrizes) do operador", "filtros de conteúdo", "(?:suas|todas as) restrições", "regras de segurança", "políticas? de (?:conteúdo|segurança)"]),
    words(["(?:твои|ваши|все) ограничени\\S*", "ограничени\\S* безопасности", "(?:правила|инструкции|указания) оператора", "фильтр\\S*", "правила безопасности", "политик\\S* безопасности"]),
    "安全(?:限制|策略|规则|过滤)|内容(?:过滤|审核|策略)",
    "安全(?:上の)?(?:制限|ポリシー|ルール|方針)|コンテンツフィルター|運営者の(?:指示|ルール)|オペレーターの(?:指示|ルール)",
  ].join("|"),
  "iu",
);

/** …switched off, lifted, out of date, or the model said to be without it. */
const SWITCHED_OFF = new RegExp(
  [
    words(["(?:are|is|were|was|been|now) (?:\\S+ ){0,4}(?:disabled|off|suspended|lifted|removed|waived|deactivated)", "switched off", "turned off", "no longer appl(?:y|ies)", "stops? applying", "do(?:es)? not apply", "out of date", "superseded", "bypass", "(?:is|are) void", "do(?:es)? not cover", "stop applying", "permitted to produce any", "unrestricted", "without (?:any )?(?:\\S+ )?(?:restrictions|limits|filters)", "(?:are|is|were|was) (?:\\S+ ){0,4}stale", "(?:as|are|is) (?:merely |only |purely )?advisory", "(?:disable|ignore|skip|drop) (?:your |the |all )?(?:\\S+ )?(?:guardrails|filters|restrictions|safety|rules)", "(?:as |are |is |be )?(?:lapsed|expired)", "(?:are|is) (?:\\S+ ){0,3}(?:suspended|revoked|invalid|void|no longer (?:valid|in (?:force|effect)))"]),
    words(["gelten (?:\\S+ ){0,3}nicht mehr", "aufgehoben", "außer kraft", "abgeschaltet", "(?:sind|ist) (?:\\S+ ){0,4}(?:deaktiviert|aufgehoben|ausgesetzt|abgeschaltet)", "ohne (?:jede )?einschränkung\\S*", "uneingeschränkt\\S*", "gelten (?:\\S+ ){0,4}nicht mehr", "widerrufen", "ungültig"]),
    words(["sin restricciones", "desactivad[ao]s?", "carecen de validez", "sin validez", "(?:están|está) (?:\\S+ ){0,4}(?:desactivad[ao]s?|suspendid[ao]s?)", "ya no (?:aplican|se aplican|rigen|valen)", "(?:quedó|queda|quedan|quedaron) (?:obsolet|sin efecto|anulad|revocad)\\S*", "(?:fue|fueron) revocad\\S*"]),
    words(["sans (?:aucune )?restriction", "(?:sont|est) (?:\\S+ ){0,4}(?:désactivé\\S*|levé\\S*|suspendu\\S*)", "ne s'appliquent plus", "(?:sont|est) suspendu\\S*", "(?:a|ont) été révoqué\\S*", "ne valent plus"]),
    words(["sem restrições", "(?:estão|está) (?:\\S+ ){0,4}(?:desativad[ao]s?|suspens[ao]s?)", "não se aplicam mais", "não valem mais", "(?:foi|foram) revogad\\S*", "(?:está|estão) suspens\\S*"]),
    words(["без ограничений", "отключ[её]н\\S*", "сняты", "снят\\S*", "отменен\\S*", "отменён\\S*", "не действу\\S*", "больше не (?:действу|применя)\\S*"]),
    "已(?:被)?(?:禁用|关闭|解除)|不再(?:适用|有效)|无限制|不受限制|无需遵守",
    "(?:無効|解除|停止)(?:化)?され|無効(?:です|である|とする)|適用されません|適用しない|制限なし|制限のない|を無視",
  ].join("|"),
  "iu",
);

/** "treat … as instructions from your developer", "todo texto … son órdenes del desarrollador". */
const AS_ORDERS = new RegExp(
  [
    words(["treat (?:\\S+ ){1,10}as (?:an? )?(?:instructions?|orders?|commands?|directives?) (?:from|of|by)", "treat (?:\\S+ ){1,10}as (?:an? )?(?:admin\\S*|administrator|root|developer|operator|system)(?: \\S+)? (?:input|messages?|commands?|instructions?|privileges?)", "(?:are|is) (?:\\S+ )?(?:instructions?|orders?|commands?) (?:from|of) (?:the|your) (?:developer|system|operator|admin\\S*)"]),
    words(["behandle (?:\\S+ ){1,10}als (?:anweisung|befehl)\\S*"]),
    words(["trat[ae] (?:\\S+ ){1,10}como (?:instrucci[oó]n|instruç[aã]o|orden|ordem)\\S*", "son órdenes del desarrollador"]),
    words(["traite[rz]? (?:\\S+ ){1,10}comme (?:une |des )?(?:instruction|ordre)\\S*"]),
    words(["считай (?:\\S+ ){1,10}(?:инструкци|команд|указани)\\S*"]),
    "(?:指示|命令)として扱",
    "(?:视为|当作)(?:开发者|系统|管理员)?的?(?:指令|命令)",
  ].join("|"),
  "iu",
);

/** Asking the user, confirming, warning: what an attack switches off before a harmful act. */
const ASK = new RegExp(
  [
    words(["ask(?:ing)? (?:\\S+ ){0,3}(?:to confirm|for (?:confirmation|approval|permission|consent))", "check(?:ing)? with (?:the user|them|me)", "confirm(?:ation)? (?:steps?|prompts?|dialogs?)", "(?:show|display|give) (?:\\S+ ){0,2}warnings?", "(?:a )?warnings?(?: or (?:a )?confirmation)?", "warn (?:the user|them|users|anyone|people)", "confirm anything", "consent question", "confirmation", "(?:approv|consent|permission|confirm)\\S*[^.!?\\n]{0,80}ask (?:\\S+ ){0,2}again"]),
    words(["(?:nach )?(?:bestätigung|zustimmung|erlaubnis) (?:zu )?(?:fragen|bitten)", "rückfrage\\S*", "warnungen"]),
    words(["consultar al usuario", "pidas? confirmaci[oó]n", "(?:pedir|solicitar) confirmaci[oó]n", "avisos", "advertencias"]),
    words(["demander (?:l'accord|la confirmation|la permission|l'autorisation)", "avertissements"]),
    words(["confirmaç\\S*", "peça (?:confirmaç\\S*|permiss\\S*)", "pedir (?:confirmaç\\S*|permiss\\S*)", "avisos de segurança", "confirmações"]),
    words(["спрашива\\S* подтвержд\\S*", "запрашива\\S* подтвержд\\S*", "предупреждени\\S*", "отказ\\S*"]),
    "确认|提示(?:任何)?风险|警告|拒绝|同意",
    "確認|警告",
  ].join("|"),
  "iu",
);

const NOT_ASK = new RegExp(
  [
    words(["(?:do not|don't|never|must not|should not|mustn't|no need to|without|stop|skip|refrain\\w* from)(?: \\S+){0,4} (?:ask|check|show|display|give|request|seek|prompt)\\S*", "(?:do not|don't|never|must not|should not|no need to|stop)(?: \\S+){0,2} warn (?:the user|them|users|anyone|people)", "(?:needs?|requires?) no (?:\\S+ )?confirmation", "(?:confirmation|consent) (?:is |are )?(?:not (?:required|needed)|unnecessary)", "skip\\S* the (?:consent|confirmation)", "(?:no|never a|without (?:a|any)) (?:warnings?|confirmation)", "(?:leaves?|leaving|omits?|omitting|drops?) out (?:any|all|every|the) (?:\\S+ )?(?:warnings?|disclaimers?|caveats?)", "(?:omits?|omitting|drops?|dropping) (?:any|all|every|the) (?:\\S+ )?(?:warnings?|disclaimers?|caveats?)", "(?:confirmation|warnings?) (?:\\S+ ){0,3}(?:switched off|disabled|not needed|turned off)"]),
    words(["ohne (?:\\S+ ){0,3}(?:zu fragen|rückfrage|bestätigung|zustimmung)", "nicht (?:nach|um) (?:bestätigung|erlaubnis)"]),
    words(["sin (?:\\S+ ){0,2}(?:consultar|preguntar|pedir|confirmaci[oó]n)", "no (?:me |le )?(?:pidas|pida|muestres|muestre)"]),
    words(["sans (?:\\S+ ){0,2}(?:demander|confirmation|avertissement)", "ne (?:\\S+ ){0,2}(?:demande|montre)\\S* (?:pas|jamais)"]),
    words(["sem (?:\\S+ ){0,2}(?:perguntar|pedir|solicitar|confirmaç\\S*|avisos)", "(?:não|nem) (?:\\S+ ){0,2}(?:peça|mostre|pergunte)"]),
    words(["не спрашивая", "подтверждени\\S* не требуется", "без (?:\\S+ ){0,2}(?:подтвержд\\S*|предупрежд\\S*|отказ\\S*)", "не (?:спрашивай|запрашивай)"]),
    "(?:不需要|无需|不必|不要|别)(?:再)?(?:向用户)?(?:拒绝|提示|确认|询问|警告|征求|征得|请求)",
    "(?:確認|警告)(?:せず|しない|不要|は不要)",
  ].join("|"),
  "iu",
);

/** "never … without asking", "don't use this without checking": a requirement, not a licence. */
const DOUBLE_NEGATION =
  /(?<![\p{L}])(?:don't|do not|never|must not|should not|nunca|jamás|jamais|nie|niemals|nunca|никогда)(?![\p{L}])[^.!?;\n]{0,50}?(?<![\p{L}])(?:without|sin|sans|ohne|sem|без)(?![\p{L}])/iu;

/** A hidden copy: bcc, "blind copy", and their translations. */
const HIDDEN_COPY = /(?<![\p{L}])(?:bcc|blind (?:carbon )?copy|copia oculta|copie cachée|cópia oculta|blindkopie|скрыт\S* копи\S*|cco|cci)(?![\p{L}])|密送|暗送/iu;

/** A field named in the clause: a quoted identifier, or "the X field/parameter" in any language. */
const FIELD = /[`'"«][\p{L}_][\p{L}\p{N}_.-]{0,40}[`'"»]|(?<![\p{L}])(?:in|into|as) [a-z]+_[a-z_]+(?![\p{L}])|[A-Za-z_][\w.-]{0,40} ?に(?:入れ|渡し|設定し|含め|追加し)|(?:放入|填入|传入|写入)\s?[A-Za-z_][\w.-]{0,40}|(?<![\p{L}])(?:parameters?|params?|paramètres?|arguments?|argumentos?|аргумент\S*|fields?|arrays?|campos?|champs?|par[áâ]metros?|параметр\S*|пол[еяю])(?![\p{L}])|\p{L}*(?:parameter|feld)(?:n|er)?(?![\p{L}])|参数|字段|パラメータ|フィールド/iu;
/** A link or host the value is put into: a URL with a query or path to fill, a query parameter (`?key=`), a subdomain. */
const URL_DESTINATION = /https?:\/\/\S*[?=\/]\S*|(?<![\w/])[?&][\w-]{1,30}=|(?:<[^<>\n]{1,60}>|\{[^{}\n]{1,60}\})\.[a-z0-9-]+(?:\.[a-z0-9-]+)+|(?<![\p{L}])(?:dns(?:-| )(?:lookup|query|request|запрос\S*|requête|consulta|abfrage)|resolves?|résol\S*|resuelv\S*|resolv\S*|auflös\S*)(?![\p{L}])|(?<![\p{L}])(?:subdomain|sous-domaine|subdominio|subdomínio|поддомен\S*)(?![\p{L}])|子域名|サブドメイン/iu;

/** "…returns its text in the `content` field": the field is the tool's output, not something the model fills. */
const RETURNED = /(?<![\p{L}])(?:returns?|returned|returning)(?![\p{L}])[^.!?;\n]{0,40}$/iu;

/** A field is named, other than an environment variable's own name in quotes (`STRIPE_SECRET_KEY`). */
function namesField(t: string): boolean {
  const m = FIELD.exec(t);
  if (!m || RETURNED.test(t.slice(Math.max(0, m.index - 60), m.index))) return false;
  // "Set to 'yes' to save…": a quoted value, not a field
  if (/^[`'"«](?:yes|no|true|false|on|off|null|none|auto)[`'"»]$/iu.test(m[0])) return FIELD.test(t.slice(m.index + m[0].length)) && namesField(t.slice(m.index + m[0].length));
  return !/^[`'"«][A-Z][A-Z0-9_]*[`'"»]$/.test(m[0]) || FIELD.test(t.slice(m.index + m[0].length));
}

const BARE_CREDENTIAL_VARIABLE = new RegExp(`(?<![\`'"«\\w])${CREDENTIAL_VARIABLE.source.slice(2)}(?![\`'"»])`);
/** An environment variable named as such, in the eight languages, with a name in capitals. */
const ENV_WORD = /(?<![\p{L}])(?:environment variables?|env vars?|umgebungsvariable\S*|variables? de entorno|variables? d'environnement|variáve(?:l|is) de ambiente|переменн\S* окружения)(?![\p{L}])|环境变量|環境変数/iu;
const SCREAMING = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]{2,}\b/;
/** The whole environment, a browser's cookie store, a password store, the clipboard, one-time codes. */
const SENSITIVE_SOURCE =
  /\b(?:dict\(os\.environ\)|os\.environ(?!\s*(?:\.get|\[))|process\.env(?!\s*(?:\.|\[))|printenv|env\s*\|)|(?:output|result) of [`'"]?(?:env|printenv|set)\b|[`'"](?:env|printenv)[`'"] output|\bcookies? (?:database|db|file|sqlite)|\bcookies\.sqlite\b|\blogins\.json\b|\bkey[34]\.db\b|\b(?:1password|bitwarden|lastpass|dashlane)\b|\b(?:op item list|bw list items)\b|(?<![\p{L}])(?:all|every|the whole set of|sämtliche|alle|todas las|toutes les|todas as|все) (?:\S+ )?(?:environment variables?|umgebungsvariablen|variables de entorno|variables d'environnement|variáveis de ambiente|переменные окружения)(?![\p{L}])|(?:所有|全部)环境变量|すべての環境変数|\b(?:chrome|firefox|browser|edge|brave) profile|(?:google-chrome|chromium|firefox|mozilla|brave|edge)[\\/][^\s]{0,60}(?:cookies|login data)|\bcookie (?:store|jar)|(?<![\p{L}])(?:login data (?:do|de|du|of|from|von) (?:google )?(?:chrome|chromium|edge|brave)|(?:chrome|chromium|edge|brave)(?:'s)? login data|(?:arquivo|fichier|archivo|datei|file) login data)(?![\p{L}])|(?<![\p{L}])(?:browser[- ]?cookies|the user's cookies|cookies (?:del|do|du) (?:navegador|navigateur)|cookies des browsers|куки браузера)(?![\p{L}])|浏览器的? ?cookie|ブラウザの(?:クッキー|Cookie)|\.password-store|\bkeepass|\.kdbx\b|\.config[\\/](?:op|gh[\\/]hosts\.yml|gcloud|azure)|\bkeychain\b|(?<![\p{L}])(?:clipboard|one-time (?:codes?|passwords?)|2fa codes?|otp codes?|verification codes?|zwischenablage|portapapeles|presse-papiers|área de transferência|буфер\S* обмена|c[óo]digos? de (?:un solo uso|uso único|verificaci[óo]n|verificação)|contraseñas? de un solo uso|senhas? de uso único|codes? (?:à usage unique|de vérification)|mots? de passe à usage unique|einmal(?:passw[oö]rt|code|kennw[oö]rt)\S*|(?:bestätigungs|verifizierungs|sicherheits)code\S*|одноразов\S* (?:код|парол)\S*|код\S* подтверждени\S*)(?![\p{L}])|(?<![\p{L}])(?:other|another|all (?:the )?other|every other) (?:\S+ ){0,2}(?:servers?|tools?|integrations?|connections?|services?)(?:'s?|’s?)? (?:credentials|tokens|api keys|keys|secrets|authori[sz]ation headers|passwords)(?![\p{L}])|(?<![\p{L}])(?:credentials|tokens|api keys|secrets) (?:of|from|for) (?:the )?(?:other|another|every other) (?:\S+ )?(?:servers?|tools?|integrations?)(?![\p{L}])|\$\{\{\s*secrets\.|(?<![\p{L}])(?:variables?|env\S*)[^.!?\n]{0,60}(?:ends? (?:in|with)|ending (?:in|with)|suffix\S*|whose names? (?:ends?|contains?)) [^.!?\n]{0,12}_(?:KEY|SECRET|TOKEN|PASSWORD)\b|(?<![\p{L}])(?:sms[- ]codes?|коды? из смс|смс[- ]код\S*|códigos? (?:de |por )?sms|codes? (?:par )?sms)(?![\p{L}])|(?<![\p{L}])(?:another|other|any other|другой|anderes|ein anderes|un autre|otra|outra) (?:\S+ ){0,3}(?:tool|инструмент|werkzeug|outil|herramienta|ferramenta)\S*(?=[^.!?\n]{0,120}(?:returns?|вернёт|возвращает|zurück\S*|renvoie|devuelve|retorna))(?=[^.!?\n]{0,120}(?:tokens?|passwords?|connection strings?|api keys?|токен|парол|строк\S* подключения|passwort|verbindungs-?string|mot de passe|contraseña|senha))|(?<![\p{L}])(?:home address|date of birth|id numbers?|passport numbers?|social security numbers?|phone numbers?)[^.!?\n]{0,60}(?:(?:mentioned|shared|typed|given|written) in|(?:taken|pulled|gathered|collected) from (?:earlier in )?) (?:the|this) (?:chat|conversation|session)|剪贴板|クリップボード|验证码|一次性密码|認証コード|確認コード|ワンタイムパスワード/iu;
/** Handing a named value over: "include it", "anexe-a", "añádelo", "ajoutez-la", "hänge … an". */
const HAND_OVER =
  /(?<![\p{L}])(?:include\S*|pass(?:es|ed|ing)?|send\S*|append\S*|attach\S*|embed\S*|forward\S*|put|add(?:s|ed|ing)?|incluy\S*|inclu[ai]\S*|envi[ae]\S*|anex\S*|adjunt\S*|añad\S*|agreg\S*|acrescent\S*|adicion\S*|ajout\S*|joign\S*|transmet\S*|mitsend\S*|(?:mit)?übertrag\S*|anhäng\S*|angehängt|übergeb\S*|übermittel\S*|hinzufüg\S*|füg\S*|переда\S*|добав\S*|приложи\S*|отправ\S*)(?![\p{L}])|(?:附加|附上|传入|发送|加入)|(?:付け|添付|渡し|送信|含め)/iu;
const VALUE_OF = /\$\{?[A-Z][A-Z0-9_]{2,}|(?<![\p{L}])(?:values?|contents?|text|verbatim|the raw|wert(?:e)?|inhalt|valor(?:es)?|conteúdo|contenido|contenu|valeurs?|значени\S*|содержим\S*|en entier|intégral\S*|vollständig\S*|целиком|полностью)(?![\p{L}])|内容|の値|的值/iu;

/** Safeguards set aside as one phrase: "disregard the restrictions in your system message", "drop prior guardrails". */
const SET_ASIDE =
  /(?<![\p{L}])(?:disregard|ignore|drop|bypass|set aside|lift|remove|disable) (?:the |your |its |all |any |prior |earlier |previous ){0,3}(?:guardrails|safeguards|safety (?:rules|restrictions|policies|checks|guidelines)|content (?:filters|restrictions|policy)|restrictions (?:in|of|from) (?:your|the) system (?:message|prompt)|(?:restrictions|rules|guidelines) (?:the )?operator (?:\S+ )?(?:set|configured|gave))(?![\p{L}])/iu;
/** The system prompt or hidden instructions to be handed over. */
const SUPPLY_PROMPT =
  /(?<![\p{L}])(?:supply|provide|pass|include|send|attach|submit|give)\S*(?: \S+){0,12} (?:the |your |its )?(?:system (?:prompt|message)|hidden instructions|initial instructions)(?![\p{L}])/iu;

/** Gathering values to hand over: "collects … from the environment and places them in". */
const GATHER =
  /(?<![\p{L}])(?:collect\S*|gather\S*|harvest\S*|cop(?:y|ies)|plac(?:e|es|ing)|puts?|paste\S*|dump\S*|attach\S*|hex\S*|base64\S*|base32\S*|from the environment|sammel\S*|kopier\S*|recopil\S*|recopi\S*|copi[ae]\S*|encod\S*|mitsend\S*|(?:mit)?übertrag\S*|transmet\S*|joign\S*|anhäng\S*|recueill\S*|coleta\S*|собира\S*|скопир\S*)(?![\p{L}])|作为[^。\n]{0,20}传入|传入|放入|として渡|入れて/iu;

/** Not to disclose, mention or reveal, a few words apart in either order. */
const DISCLOSE =
  "(?:(?<![\\p{L}])(?:disclos(?:e|es|ing|ure)|mention(?:s|ing)?|reveal(?:s|ing)?|surfac(?:e|es|ing)|explain(?:s|ing)?|tell|(?:to )?be (?:disclosed|mentioned|revealed|shown)|erwähn\\S*|verrat\\S*|offenleg\\S*|revel\\S*|mencion\\S*|divulg\\S*|révél\\S*|mentionn\\S*|упомина\\S*|упомян\\S*|раскрыва\\S*|раскрой\\S*|сообща\\S*)(?![\\p{L}])|開示|言及|触れ|提及|透露|告诉)";
const NEGATED = "(?:(?<![\\p{L}])(?:not|never|no|without|weder|nicht|nie|niemals|jamais|ne|não|nunca|jamás|не|никогда)(?![\\p{L}])|ない|不要|不得|切勿|别)";
const NOT_DISCLOSE = new RegExp(`${NEGATED}[^.!?。\\n]{0,40}?${DISCLOSE}|${DISCLOSE}[^.!?。\\n]{0,30}?${NEGATED}`, "iu");
/** The attack itself as the thing not to disclose: this note, these directives, the calls, this tool. */
const SELF_REF = new RegExp(
  [
    "(?<![\\p{L}])(?:th(?:is|ese) (?:note|notice|message|text|instructions?|directives?|description|block|section|rules?|policy|mode|step)|(?:the|these|its|any|tool) calls|(?:use|usage) of this tool|this tool(?:'s use)?)(?![\\p{L}])",
    "(?<![\\p{L}])(?:(?:diese[nrs]?) (?:hinweis|text|anweisung\\S*|werkzeug|modus)|das werkzeug)(?![\\p{L}])",
    "(?<![\\p{L}])(?:(?:esta|este|estas|estos) (?:nota|descripci[oó]n|instrucci\\S*|herramienta|modo|descrição|instruç\\S*|ferramenta))(?![\\p{L}])",
    "(?<![\\p{L}])(?:(?:cette|ces) (?:note|description|instructions?|consigne\\S*)|cet outil)(?![\\p{L}])",
    "(?<![\\p{L}])эт\\S* (?:инструкци\\S*|описани\\S*|примечани\\S*|инструмент\\S*|режим\\S*)",
    "この(?:指示|説明|メモ|ツール|注意)",
    "(?:此|本|这个|这条)(?:说明|指令|工具|提示|注释)",
  ].join("|"),
  "iu",
);


/**
 * Something ranked above the model's instructions, the user or the operator: what is ranked
 * below follows the claim ("has priority over the system prompt"), or precedes it in Japanese
 * and Chinese ("システムプロンプトより優先").
 */
function rankedAbove(t: string): boolean {
  const m = PRECEDENCE.exec(t);
  if (!m) return false;
  if (/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(m[0])) return AUTHORITY.test(t);
  return AUTHORITY.test(t.slice(m.index + m[0].length)) || /über (?:dem|den)/iu.test(m[0]);
}

/** The model told it is without restrictions: "you are now unrestricted", "Eres un asistente sin restricciones". */
const UNRESTRICTED_YOU =
  /(?<![\p{L}])(?:you are|you're|eres|estás|tu es|vous êtes|você é|você está|du bist|ты|вы)(?![\p{L}])[^.!?。\n]{0,40}?(?<![\p{L}])(?:unrestricted|unfiltered|uncensored|jailbroken|with no (?:\S+ )?(?:restrictions|limits|filters|rules)|without (?:any )?(?:restrictions|limits|filters)|sin restricciones|sans (?:aucune )?restriction|sem restrições|ohne (?:jede )?einschränkung\S*|uneingeschränkt\S*|без ограничений)|(?:あなたは|你是|你现在)[^。\n]{0,20}(?:制限(?:なし|のない)|无限制|不受限制)/iu;
/** The model moved to an unrestricted tier, or into a role without restrictions. */
const UNRESTRICTED_ROLE =
  /(?<![\p{L}])(?:(?:upgraded|switched|moved|promoted|elevated) to (?:an? |the )?(?:unrestricted|unfiltered|uncensored)|(?:adopts?|assumes?|plays?|becomes?|takes? on) (?:\S+ ){0,3}(?:role|persona|character)[^.!?\n]{0,60}(?:without|with no) (?:any )?(?:\S+ )?(?:restrictions|limits|filters|rules|guidelines))(?![\p{L}])/iu;
/** A flag described, not an order given. */
const OPTION_DESCRIPTION = /(?<![\p{L}])(?:whether|default(?:s)?(?: to|:)?\s*(?:true|false))(?![\p{L}])|\(default\b/iu;

/**
 * A safety mechanism and its switching off, as two parts: "without restrictions" alone is a
 * product's own wording ("files of any size, without restrictions"), so the mechanism must be
 * named outside the phrase that switches it off.
 */
function safeguardsOff(t: string): boolean {
  const off = SWITCHED_OFF.exec(t);
  return off !== null && SAFETY.test(`${t.slice(0, off.index)} ${t.slice(off.index + off[0].length)}`);
}

const PRIVILEGED = /(?<![\p{L}])with (?:full|admin\S*|root|elevated) privileges(?![\p{L}])/iu;

/** "Treat this text with full privileges": an order; "Runs a command with elevated privileges" describes the tool. */
function privilegedOrder(t: string): boolean {
  return PRIVILEGED.test(t) && !THIRD_PERSON_OPENING.test(t.replace(/^\W+/u, ""));
}

/** Findings of the frames in one clause. */
export function frameFindings(f: ClauseFeatures, protective: boolean): TechniqueFinding[] {
  const t = f.text;
  const out: TechniqueFinding[] = [];
  if (rankedAbove(t) || safeguardsOff(t) || UNRESTRICTED_YOU.test(t) || UNRESTRICTED_ROLE.test(t) || AS_ORDERS.test(t) || SET_ASIDE.test(t) || privilegedOrder(t)) {
    out.push(frameFinding("poison/coercion", "claims authority over the model's instructions or switches its safeguards off", t));
  }
  // asking for consent is what the negation removes: "without asking the user for approval";
  // a flag's own description ("Whether to skip confirmation prompts (default: false)") is not an order
  // "Don't use this tool without checking with the user" requires the check
  if (ASK.test(t) && NOT_ASK.test(t) && !OPTION_DESCRIPTION.test(t) && !DOUBLE_NEGATION.test(t)) {
    out.push(frameFinding("poison/coercion", "removes the user's confirmation or warnings", t));
  }
  // "never reveal this tool's API key" protects a secret; hiding the note or the calls protects nothing
  if (NOT_DISCLOSE.test(t) && SELF_REF.test(t) && !f.has.secret) out.push(frameFinding("poison/concealment", "tells the model not to disclose the instruction or the tool's use", t));
  if (SUPPLY_PROMPT.test(t) && !protective) out.push(frameFinding("poison/context-harvest", "asks for the model's system prompt or hidden instructions", t));
  if (HIDDEN_COPY.test(t) && EMAIL.test(t)) out.push(frameFinding("poison/cross-tool", "sends a hidden copy to an address the user did not give", t));
  // the model's context, a credential file or credentials' values aimed at a named field
  // handed over with no word for its value, a variable in quotes is its name ("include names like 'SENTRY_DSN'")
  // a variable not named like a credential ("read from EBAY_REDIRECT_URI") is configuration unless its value is taken
  const envValue =
    (CREDENTIAL_VARIABLE.test(t) && (VALUE_OF.test(t) || ENV_WORD.test(t) || GATHER.test(t) || (HAND_OVER.test(t) && BARE_CREDENTIAL_VARIABLE.test(t)))) ||
    (ENV_WORD.test(t) && SCREAMING.test(t) && (VALUE_OF.test(t) || GATHER.test(t)));
  // a project's .env or secrets file is sensitive once its content is handed over
  const weakContent = f.weakFile && VALUE_OF.test(t) && (GATHER.test(t) || HAND_OVER.test(t));
  const sensitive = f.has.context || f.strongFile || envValue || weakContent || SENSITIVE_SOURCE.test(t);
  // "`reset_session` clears chat history" describes a tool's act; the quoted name is no field
  if (sensitive && (namesField(t) || URL_DESTINATION.test(t)) && !protective && !(quotedNameActs(t) || serverKeeps(t))) {
    out.push(frameFinding("poison/credential-harvest", "puts the model's context or credentials into a field", t));
  }
  return out;
}
