"""Every label the quiz shows, in English and Chinese (no textual here).

Terms follow the glossary of COURSE.md; ratings use Anki's names (Again 重来, Hard 困难,
Good 良好, Easy 简单).
"""

from __future__ import annotations

from datetime import timedelta

from ..i18n import Text
from ..progress.schedule import interval_text

APP_TITLE = Text("studykit: backpropagation by hand", "studykit：手算反向传播")
QUIT = Text("Quit", "退出")
BACK = Text("Back", "返回")
LANGUAGE = Text("中文", "English")  # the key switches to the other language
LANGUAGE_NAME = {"en": Text("English", "英文"), "zh": Text("Chinese", "中文")}
NOTATION_NAME = {
    "textbook": Text("textbook", "教材记法"),
    "bracket": Text("bracket", "方括号记法"),
    "transposed": Text("transposed", "转置记法"),
}
AGO = Text("{span} ago", "{span}前")
JUST_NOW = Text("just now", "刚刚")


def ago(delta: timedelta) -> Text:
    """``3 min ago`` / ``3 分钟前``; ``just now`` under a minute."""
    if delta.total_seconds() < 60:
        return JUST_NOW
    span = interval_text(delta)
    return Text(AGO.en.format(span=span.en), AGO.zh.format(span=span.zh))


def list_separator(lang: str) -> str:
    """``", "`` in English, ``"，"`` in Chinese."""
    return "，" if lang == "zh" else ", "


def colon(lang: str) -> str:
    """``": "`` in English, ``"："`` in Chinese (no stray space)."""
    return "：" if lang == "zh" else ": "


# home
START_TOPIC = Text("Practise", "练习")
DUE = Text("Due", "复习")
MOCK_EXAM = Text("Mock exam", "模拟考试")
MISTAKES = Text("Mistakes", "错题")
RESUME = Text("Resume", "继续")
EXPLORER = Text("Activations", "激活函数")
OWN_NETWORK = Text("My network", "我的网络")
OWN_PROMPT = Text(
    "Practise with my network: the path of its spec file (TOML), then enter; esc cancels",
    "用我的网络练习：输入网络规格文件的路径后按回车；按 esc 取消",
)
SETTINGS = Text("Settings", "设置")
TOPIC = Text("Topic", "主题")
CHECKED = Text("Checked", "已检查")
FIRST_TIME = Text("1st try", "首次正确")
KINDS = Text("Kinds", "题型")
DUE_COL = Text("Due", "到期")
TABLE_LEGEND = Text(
    "Checked: parts you checked · 1st try: share right at the first check, no steps shown · "
    "Kinds: problem kinds scheduled for review · Due: kinds due now",
    "已检查：检查过的小题数 · 首次正确：第一次检查就答对且未看步骤的比例 · "
    "题型：已安排复习的题型数 · 到期：现在需要复习的题型数",
)
DUE_TODAY = Text("Due for review now: {n}", "现在需复习：{n}")
SCORE = Text(
    "This session: {correct}/{checked} right at the first check, {done}",
    "本次练习：首次检查正确 {correct}/{checked}，{done}",
)
TOP_MISTAKES = Text(
    "Top mistakes: {list} — t: per topic, and practise them",
    "最常见的错误：{list}——按 t 查看各主题并练习",
)
KEPT = Text(
    "Kept for later: {title} ({right}/{total} right, saved {ago}) — r: resume",
    "留待以后：{title}（已对 {right}/{total}，{ago}保存）——按 r 继续",
)
LAST_EXAM = Text(
    "Last mock exam: {score}/{total} ({pct}%)", "上次模拟考试：{score}/{total}（{pct}%）"
)
NOTHING_DUE = Text("Nothing is due for review yet.", "暂无到期的复习。")
NO_PROBLEMS = Text("No problem kinds for this topic yet.", "此主题暂时还没有题型。")
NO_MISTAKES = Text("No mistake diagnosed yet.", "还没有诊断出错误。")
NOTHING_KEPT = Text("No problem kept for later.", "没有留待以后的题目。")
SETTINGS_LINE = Text(
    "language {language} · notation {notation} · calculator {calculator} · difficulty {difficulty}"
    " — s: change",
    "语言：{language} · 记号：{notation} · 计算器：{calculator} · 难度：{difficulty}——按 s 修改",
)
YES = Text("on", "开")
NO = Text("off", "关")


def problems_done(n: int) -> Text:
    """``1 problem done`` / ``2 problems done`` / ``完成 2 题``."""
    return Text(f"{n} problem done" if n == 1 else f"{n} problems done", f"完成 {n} 题")


# problem
HINT = Text("Hint", "提示")
SOLUTION = Text("Solution", "解答")
NEW_VARIANT = Text("New variant", "换一题")
STATEMENT = Text("Statement", "题目")
HOME = Text("Home", "主页")
SCROLL = Text("Scroll", "翻页")
CORRECT = Text("✓ correct", "✓ 正确")
WRONG = Text("✗ not right", "✗ 不正确")
CARRIED = Text(
    "(accepted with your earlier answer carried forward)", "（按你前面的答案继续计算，判为正确）"
)
MISTAKE = Text("Diagnosis: {text}", "诊断：{text}")
WRONG_ENTRIES = Text("Wrong entries are highlighted.", "错误的元素已高亮。")
READ_AS = Text("read as: {text}", "识别为：{text}")
VALUE_IS = Text(
    "= {value}  (your formula, evaluated; not graded yet)", "= {value}（按你的算式求值，尚未评分）"
)
VALUE_GRADED = Text("= {value}  (your formula, evaluated)", "= {value}（按你的算式求值）")
HOW_TO = Text(
    "Type each answer; enter checks it, tab moves to the next box.",
    "输入答案；回车检查，Tab 跳到下一个输入框。",
)
PRACTISING = Text(
    "Practising your mistake “{title}”: only the parts that exercise it are asked.",
    "练习你的错误“{title}”：只问与它有关的小题。",
)
SHAPE_ROWS = Text("rows", "行")
SHAPE_COLS = Text("cols", "列")

# hints
HINT_OFFER = Text(
    "ctrl+t: {what} for ({letter}) · costs ({letter}) its first-try credit; rating at most Hard",
    "ctrl+t：({letter}) 的{what} · 代价：({letter}) 不再算首次正确，评分最高为“困难”",
)
HINT_OFFER_PAID = Text(
    "ctrl+t: {what} for ({letter}) · already charged, no further cost",
    "ctrl+t：({letter}) 的{what} · 已计入代价，不再扣分",
)
HINT_NONE = Text(
    "ctrl+t ({letter}): {reason}; ctrl+r shows the whole worked solution",
    "ctrl+t ({letter})：{reason}；ctrl+r 显示完整的详细解答",
)
HINT_RIGHT = Text("({letter}) is right.", "({letter}) 已答对。")
HINT_TITLE = Text("Steps for ({letter}): {what}", "({letter}) 的步骤：{what}")
SOLUTION_TITLE = Text("Worked solution", "详细解答")
SOLUTION_COST = Text(
    "(opened before every part was right: this problem is rated Again)",
    "（在全部答对之前查看：本题评为“重来”）",
)

# rating
ALL_RIGHT = Text("All {n} parts right.", "全部 {n} 个小题都答对了。")
RATED = Text(
    "Rated {rating} ({reasons}): it comes back {when}.",
    "评为“{rating}”（{reasons}）：{when}再出现。",
)
RATED_YOURS = Text(
    "Your rating: {rating} (inferred {inferred}): it comes back {when}.",
    "你的评分：“{rating}”（推断为“{inferred}”）：{when}再出现。",
)
CHANGE_RATING = Text("Change the rating with 1–4:", "按 1–4 修改评分：")
RATING_BUTTON = Text("{key} {name} · {when}", "{key} {name} · {when}")
AFTER_RATING = Text(
    "enter: next problem · ctrl+n: another like this · ctrl+r: worked solution (the rating stays)",
    "回车：下一题 · ctrl+n：换一道同类题 · ctrl+r：详细解答（评分不变）",
)
GAVE_UP = Text("Given up: rated Again, it comes back {when}.", "已放弃：评为“重来”，{when}再出现。")
KEPT_NOTE = Text(
    "Kept for later: r on the home screen resumes it.", "已留待以后：在主页按 r 继续。"
)
QUEUE_EMPTY = Text("No more problems in this session.", "本次练习没有更多题目了。")

# leaving and resuming
LEAVE_TITLE = Text(
    "This problem is half done: {right} of {total} parts right.",
    "这道题还没做完：已答对 {right}/{total} 个小题。",
)
KEEP = Text("k  Keep for later", "k  留待以后")
GIVE_UP = Text("g  Give up (rated Again)", "g  放弃（评为“重来”）")
STAY = Text("esc  Stay", "esc  继续做题")
RESUME_TITLE = Text("Resume where you left off?", "从上次中断的地方继续？")
RESUME_LINE = Text(
    "{title} ({topic}): {right}/{total} parts right, {typed} typed{hints}; saved {ago}.",
    "{title}（{topic}）：已答对 {right}/{total} 个小题，已填写 {typed} 个{hints}；{ago}保存。",
)
RESUME_HINTS = Text(", steps shown for {n}", "，{n} 个看了步骤")
RESUME_NOW = Text("r  Resume", "r  继续")
LATER = Text("l  Later", "l  以后再说")

# mock exam
EXAM_STATUS = Text(
    "Mock exam · problem {i} of {n} · {filled}/{parts} parts answered · time left {left}",
    "模拟考试 · 第 {i}/{n} 题 · 已答 {filled}/{parts} 个小题 · 剩余时间 {left}",
)
EXAM_HOW = Text(
    "No feedback until you hand in: enter moves to the next box, ctrl+n to the next problem.",
    "交卷前没有反馈：回车跳到下一个输入框，ctrl+n 进入下一题。",
)
NEXT_PROBLEM = Text("Next problem", "下一题")
PREV_PROBLEM = Text("Previous", "上一题")
HAND_IN = Text("Hand in", "交卷")
HAND_IN_CONFIRM = Text(
    "Hand in the paper? {empty} of {parts} parts are unanswered.",
    "确定交卷？{parts} 个小题中还有 {empty} 个没有作答。",
)
HAND_IN_YES = Text("y  Hand in", "y  交卷")
HAND_IN_NO = Text("esc  Keep working", "esc  继续答题")
TIME_UP = Text("Time is up: the paper was handed in.", "时间到：已自动交卷。")
PREPARING = Text("Preparing the paper…", "正在准备试卷……")
EXAM_MISSING = Text(
    "The mock exam file problems/mock_exam.toml is not installed.",
    "未安装模拟考试文件 problems/mock_exam.toml。",
)
EXAM_FAILED = Text("The mock exam could not be prepared: {error}", "无法准备模拟考试：{error}")
RESULTS_TITLE = Text(
    "Mock exam: {score}/{total} ({pct}%) in {minutes} of {limit} min",
    "模拟考试：{score}/{total}（{pct}%），用时 {minutes}/{limit} 分钟",
)
RESULTS_HOW = Text(
    "Each problem's parts right, and the mistakes diagnosed. Saved to your history.",
    "每道题答对的小题数和诊断出的错误，已保存到历史记录。",
)
PROBLEM_COL = Text("Problem", "题目")
SCORE_COL = Text("Score", "得分")
DIAGNOSES_COL = Text("Diagnoses", "诊断")

# mistakes
MISTAKES_TITLE = Text(
    "Diagnosed mistakes per topic (each answer counted once)",
    "各主题中诊断出的错误（每个答案只计一次）",
)
MISTAKE_COL = Text("Mistake", "错误")
TOTAL = Text("Total", "合计")
PRACTISE_THESE = Text("Practise these", "练习这些错误")

# explorer
EXAM_FORM = Text("Exam form of f′", "f′ 的考试形式")
DERIVATION = Text("Derivation", "推导")
DERIVING = Text("(deriving with SymPy…)", "（正在用 SymPy 推导……）")
DERIVATION_MISSING = Text(
    "(no step-by-step derivation for this function)", "（此函数没有逐步推导）"
)
PLOT_TITLE = Text("{name}: f (line) and f′ (dots)", "{name}：f（线）与 f′（点）")

# settings
SETTINGS_TITLE = Text("Settings", "设置")
SET_LANG = Text("Language", "语言")
SET_NOTATION = Text("Notation", "记号")
SET_CALC = Text("Calculator", "计算器")
SET_DIFF = Text("Difficulty", "难度")
