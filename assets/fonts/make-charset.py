chars=set()
for hi in range(0xA1,0xF8):
    for lo in range(0xA1,0xFF):
        try:
            chars.add(bytes([hi,lo]).decode('gb2312'))
        except UnicodeDecodeError: pass
for c in range(0x20,0x7F): chars.add(chr(c))
extra="“”‘’、。，；：？！（）《》〈〉【】〔〕「」『』—…·％〇－～＋＝×÷±≤≥℃°‰№§★☆●○■□▲△※→←↑↓①②③④⑤⑥⑦⑧⑨⑩⑴⑵⑶ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ　–‐\u00a0"
chars.update(extra)
# full-width forms
for c in range(0xFF01,0xFF5F): chars.add(chr(c))
open('chars.txt','w').write(''.join(sorted(chars)))
print(len(chars))
