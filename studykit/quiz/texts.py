"""Every label the quiz shows, in English and Chinese (no textual here)."""

from __future__ import annotations

from ..i18n import Text

APP_TITLE = Text("studykit: backpropagation by hand", "studykit：手算反向传播")
QUIT = Text("Quit", "退出")
BACK = Text("Back", "返回")
LANGUAGE = Text("中文", "English")  # the key switches to the other language

# home
START_TOPIC = Text("Practise", "练习")
DUE = Text("Due", "复习")
MIXED = Text("Mixed exam", "综合模拟")
EXPLORER = Text("Activations", "激活函数")
SETTINGS = Text("Settings", "设置")
TOPIC = Text("Topic", "主题")
ANSWERED = Text("Answered", "已答")
RIGHT = Text("Right", "正确")
SKILLS = Text("Skills", "技能")
DUE_COL = Text("Due", "到期")
DUE_TODAY = Text("Due for review now: {n}", "现在需复习：{n}")
SCORE = Text(
    "This session: {correct}/{checked} right at first check, {problems} problems done",
    "本次练习：首次检查正确 {correct}/{checked}，完成 {problems} 题",
)
NOTHING_DUE = Text("Nothing is due for review yet.", "暂无到期的复习。")
NO_PROBLEMS = Text("No problem kinds for this topic yet.", "此主题暂时还没有题型。")
LOADING = Text("loading problem kinds…", "正在加载题型…")
SETTINGS_LINE = Text(
    "language {language} · notation {notation} · calculator {calculator} · difficulty {difficulty}",
    "语言 {language} · 记号 {notation} · 计算器 {calculator} · 难度 {difficulty}",
)
YES = Text("on", "开")
NO = Text("off", "关")

# problem
CHECK = Text("Check", "检查")
HINT = Text("Hint", "提示")
SOLUTION = Text("Solution", "解答")
NEXT = Text("Next", "下一题")
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
HINTS_USED = Text("Hints used: {n}", "已用提示：{n}")
HINTS_TITLE = Text("Worked solution so far", "已显示的解答步骤")
SOLUTION_TITLE = Text("Worked solution", "详细解答")
HOW_TO = Text(
    "Type each answer; enter checks it, tab moves to the next box.",
    "输入答案；回车检查，Tab 跳到下一个输入框。",
)
ALL_DONE = Text(
    "All answers right. Press ctrl+n for the next problem.", "全部正确！按 ctrl+n 进入下一题。"
)
QUEUE_EMPTY = Text("No more problems in this session.", "本次练习没有更多题目了。")
SHAPE_ROWS = Text("rows", "行")
SHAPE_COLS = Text("cols", "列")

# explorer
EXAM_FORM = Text("Exam form of f′", "f′ 的考试形式")
DERIVATION = Text("Derivation", "推导")
DERIVATION_MISSING = Text("(step-by-step derivation not available yet)", "（逐步推导暂不可用）")
PLOT_TITLE = Text("{name}: f (solid) and f′", "{name}：f 与 f′")

# settings
SETTINGS_TITLE = Text("Settings", "设置")
SET_LANG = Text("Language", "语言")
SET_NOTATION = Text("Notation", "记号")
SET_CALC = Text("Calculator", "计算器")
SET_DIFF = Text("Difficulty", "难度")
