#!/usr/bin/env python3
"""Regenerates README.md's rule table (规则代码) from the `rules!` list in src/diag.rs.

Run from the project root after adding or changing a rule: python3 scripts/rule-table.py
(tests/eval.rs checks that README lists every rule).
"""
import re

src = open("src/diag.rs", encoding="utf-8").read()
sev = {"Error": "错误", "Warning": "警告", "Note": "提示"}
origin = {
    "Template": "模板通知（国办公开办函〔2019〕60号 / 〔2021〕30号）",
    "Regulation": "《政府信息公开条例》",
    "Layout": "GB/T 9704",
    "Evaluation": "评估实践",
    "Source": "源文件格式",
    "Import": "导入",
    "Output": "输出",
}
rules = re.findall(r'^\s+\w+ = "([a-z-]+)", "([^"]+)", (\w+), (\w+);', src, re.M)
meaning = {
    code: text.replace("|", "\\|")
    for code, text in re.findall(r'^\s+"([a-z-]+)" =>\s*\{?\s*"((?:[^"\\]|\\.)*)"', src, re.M)
}
rows = [
    f"| `{code}` | {name} | {sev[s]} | {origin[o]} | {meaning.get(code, '')} |"
    for code, name, s, o in rules
]
readme = open("README.md", encoding="utf-8").read()
head = "| 代码 | 名称 | 默认级别 | 依据 | 含义 |\n|---|---|---|---|---|\n"
start = readme.index(head) + len(head)
end = start
while readme.startswith("| `", end):
    end = readme.index("\n", end) + 1
readme = readme[:start] + "\n".join(rows) + "\n" + readme[end:]
open("README.md", "w", encoding="utf-8").write(readme)
print(f"{len(rows)} rules")
