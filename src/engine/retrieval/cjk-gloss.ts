/**
 * English glosses for common Chinese words, so a tool described in Chinese ("获取微博热搜榜") can be
 * found by an English task ("trending topics on weibo"), and a Chinese query reaches English
 * descriptions. General software and everyday vocabulary only: no product names, nothing taken
 * from evaluation tasks (see docs/adr/0048-retrieval-generalization.md).
 *
 * A CJK run is scanned left to right, longest word first; each glossed word adds its English
 * words to the run's bigrams. Unknown text keeps its bigrams only.
 */

/** word → English words (space-separated). */
const GLOSSARY: Readonly<Record<string, string>> = {
  // actions
  获取: "get fetch", 查询: "query search lookup", 搜索: "search", 检索: "search retrieve", 查找: "find search",
  创建: "create", 新建: "create new", 生成: "generate create", 删除: "delete remove", 移除: "remove",
  修改: "modify edit update", 编辑: "edit", 更新: "update", 添加: "add", 插入: "insert add", 替换: "replace",
  复制: "copy", 移动: "move", 保存: "save write", 写入: "write", 读取: "read", 打开: "open", 关闭: "close",
  下载: "download", 上传: "upload", 转换: "convert", 导出: "export", 导入: "import", 合并: "merge",
  拆分: "split", 分析: "analyze analysis", 计算: "calculate compute", 翻译: "translate", 推荐: "recommend",
  排序: "sort", 筛选: "filter", 过滤: "filter", 列出: "list", 显示: "show display", 发送: "send",
  预订: "book reserve", 购买: "buy purchase", 支付: "pay payment", 评测: "review", 评论: "comment review",
  总结: "summary summarize", 摘要: "summary abstract", 比较: "compare", 统计: "statistics stats",
  监控: "monitor", 运行: "run execute", 执行: "execute run", 调用: "call invoke", 绘制: "draw", 截图: "screenshot",
  // things: data, files, software
  文件: "file", 文件夹: "folder directory", 目录: "directory folder", 路径: "path", 文档: "document doc",
  图片: "image picture", 图像: "image", 照片: "photo image", 视频: "video", 音频: "audio", 音乐: "music",
  幻灯片: "slide slides presentation", 演示文稿: "presentation slides", 表格: "table spreadsheet",
  文本: "text", 内容: "content", 代码: "code", 组件: "component", 接口: "api interface", 参数: "parameter",
  数据: "data", 数据库: "database", 信息: "information info", 详情: "details", 详细: "detailed details",
  列表: "list", 结果: "result results", 格式: "format", 名称: "name", 标题: "title", 链接: "link url",
  网页: "webpage web page", 网站: "website site", 网址: "url", 浏览器: "browser", 关键词: "keyword",
  关键字: "keyword", 版本: "version", 日志: "log", 更新日志: "changelog", 示例: "example", 文章: "article",
  书籍: "book books", 图书: "book books", 小说: "novel fiction", 电影: "movie film", 电视剧: "tv series",
  综艺: "variety show", 地图: "map", 位置: "location position", 地址: "address", 坐标: "coordinates",
  用户: "user", 工具: "tool", 模板: "template", 颜色: "color", 字体: "font", 页面: "page", 编号: "number id",
  // news, trends, rankings
  新闻: "news", 资讯: "news information", 快讯: "news flash", 热门: "popular hot trending", 热点: "trending hot topics",
  热榜: "trending ranking hot list", 热搜: "trending search hot", 排行榜: "ranking leaderboard", 榜单: "ranking list",
  排名: "ranking rank", 趋势: "trend trends", 话题: "topic topics", 动态: "updates news", 头条: "headlines",
  时事: "current affairs news", 要闻: "headlines news", 娱乐: "entertainment", 体育: "sports", 财经: "finance financial",
  科技: "technology tech", 技术: "technology technical", 商业: "business", 政治: "politics", 国际: "international world",
  社会: "society social", 文化: "culture", 教育: "education", 健康: "health", 游戏: "game games gaming",
  动画: "animation anime", 数码: "digital gadgets", 产品: "product products", 购物: "shopping", 优惠: "discount deal",
  // time and calendar
  时间: "time", 日期: "date", 今天: "today", 明天: "tomorrow", 当前: "current", 实时: "realtime live",
  最新: "latest", 公历: "gregorian calendar", 农历: "lunar calendar", 阳历: "gregorian calendar",
  黄历: "almanac calendar", 日历: "calendar", 年份: "year", 时区: "timezone", 星期: "weekday week", 一周: "week",
  // travel, places, weather
  火车: "train", 列车: "train", 车次: "train", 车站: "station", 火车站: "train station", 车票: "ticket tickets",
  余票: "tickets availability", 票: "ticket", 航班: "flight", 机票: "flight ticket", 酒店: "hotel", 出发: "departure depart",
  到达: "arrival arrive", 城市: "city", 天气: "weather", 预报: "forecast", 温度: "temperature", 旅游: "travel",
  路线: "route", 导航: "navigation directions", 距离: "distance", 餐厅: "restaurant",
  // food and cooking
  菜谱: "recipe recipes", 食谱: "recipe recipes", 菜品: "dish dishes", 食材: "ingredients", 膳食: "meal diet",
  做法: "cooking instructions", 早餐: "breakfast", 甜品: "dessert", 饮品: "drink beverage", 过敏: "allergy allergies",
  // money and markets
  股票: "stock stocks", 股价: "stock price", 价格: "price", 汇率: "exchange rate currency", 货币: "currency",
  基金: "fund", 投资: "investment invest", 融资: "financing funding", 市场: "market", 加密货币: "crypto cryptocurrency",
  // people, games, misc
  角色: "character role", 技能: "skill skills", 卡牌: "card cards", 攻略: "guide strategy", 玩家: "player players",
  人数: "people count", 性别: "gender", 八字: "bazi fortune", 算命: "fortune telling", 运势: "fortune horoscope",
  中文: "chinese", 英文: "english", 翻译器: "translator", 问答: "questions answers", 讨论: "discussion",
  知识: "knowledge", 百科: "encyclopedia wiki", 论文: "paper papers", 学术: "academic", 研究: "research",
  // software terms of descriptions and parameters
  默认: "default", 提供: "provide", 返回: "return returns", 分类: "category", 类别: "category", 输出: "output",
  输入: "input", 消息: "message", 功能: "function feature", 编码: "encoding code", 数量: "count number",
  支持: "support", 开发: "development developer", 开发者: "developer", 字符串: "string", 错误: "error",
  自动: "automatic", 标准: "standard", 宽度: "width", 高度: "height", 大小: "size", 尺寸: "size",
  应用: "app application", 智能: "smart intelligent", 人工智能: "ai artificial intelligence", 模型: "model",
  图表: "chart", 思维导图: "mind map mindmap", 流程图: "flowchart diagram", 步骤: "steps", 任务: "task",
  项目: "project", 仓库: "repository repo", 开源: "open source", 笔记: "note notes", 提醒: "reminder",
  会议: "meeting", 邮件: "email mail", 邮箱: "email mailbox", 短信: "sms message", 账号: "account",
  密码: "password", 安全: "security", 漏洞: "vulnerability", 网络: "network", 服务器: "server",
  // everyday life
  生活: "life lifestyle", 消费: "consumer consumption", 评分: "rating score", 歌曲: "song songs",
  歌词: "lyrics", 直播: "live stream", 电商: "ecommerce shopping", 手机: "phone mobile", 电脑: "computer",
  汽车: "car auto", 电话: "phone", 地铁: "subway metro", 公交: "bus", 机场: "airport", 高铁: "high speed train",
  医疗: "medical", 疾病: "disease", 药品: "medicine drug", 法律: "law legal", 星座: "zodiac horoscope",
  节日: "holiday festival", 节气: "solar term calendar", 吉日: "auspicious day", 婚礼: "wedding",
  结婚: "marriage wedding", 中国: "china chinese", 北京: "beijing", 上海: "shanghai",
};

/** Longest glossary word, in characters: the scan tries no longer substrings. */
const LONGEST = Math.max(...Object.keys(GLOSSARY).map((k) => k.length));

/** A Map, so no substring of a run can reach Object.prototype. */
const TABLE = new Map(Object.entries(GLOSSARY).map(([k, v]) => [k, v.split(" ")] as const));

/** English words for the glossed words in a CJK run, in order (empty when none is known). */
export function glossCjk(run: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < run.length; ) {
    let matched = 0;
    for (let len = Math.min(LONGEST, run.length - i); len >= 1 && matched === 0; len--) {
      const gloss = TABLE.get(run.slice(i, i + len));
      if (gloss !== undefined) {
        for (const w of gloss) out.push(w);
        matched = len;
      }
    }
    i += matched > 0 ? matched : 1;
  }
  return out;
}
