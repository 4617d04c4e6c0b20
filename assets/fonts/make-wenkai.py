"""Makes WenKaiGB2312-Regular.ttf, the bundled 楷体 stand-in, from LXGW WenKai Regular.

Needs fontTools (pip install fonttools) and chars.txt from make-charset.py. The subset is a
Modified Version under the OFL and LXGW WenKai reserves the names "LXGW" and "霞鹜", so the
subset is renamed "WenKai GB2312"; the copyright and licence names are kept.

    python3 make-charset.py && python3 make-wenkai.py
"""
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

SRC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"
OUT = "WenKaiGB2312-Regular.ttf"
FAMILY = "WenKai GB2312"
PS = "WenKaiGB2312-Regular"

opts = subset.Options()
opts.layout_features = []
opts.hinting = False
opts.name_IDs = ["*"]
opts.name_languages = ["*"]
opts.drop_tables += ["vhea", "vmtx", "VORG", "BASE", "GSUB", "GPOS", "GDEF"]
font = TTFont(SRC)
sub = subset.Subsetter(opts)
sub.populate(text=open("chars.txt", encoding="utf-8").read())
sub.subset(font)

name = font["name"]
version = name.getDebugName(5) or ""
for rec in list(name.names):
    if rec.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22):
        name.removeNames(nameID=rec.nameID)
name.setName(FAMILY, 1, 3, 1, 0x409)
name.setName("Regular", 2, 3, 1, 0x409)
name.setName(f"{FAMILY}:{version}", 3, 3, 1, 0x409)
name.setName(FAMILY, 4, 3, 1, 0x409)
name.setName(PS, 6, 3, 1, 0x409)
name.setName(
    "GB 2312 subset of LXGW WenKai Regular (https://github.com/lxgw/LxgwWenKai), renamed as the "
    "SIL Open Font License 1.1 asks of a Modified Version with Reserved Font Names; bundled with nianbao.",
    10, 3, 1, 0x409,
)
font.save(OUT)
print(OUT, len(font.getGlyphOrder()), "glyphs")
