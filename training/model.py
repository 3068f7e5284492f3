"""A small 2D U-Net for interactive-2d (input [N,4,128,128] -> logits [N,1,128,128]); with
arch 'attention', attention gates on the skip connections (Oktay et al., Attention U-Net, 2018)
for attention-2d."""
import torch
import torch.nn as nn


def block(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class AttentionGate(nn.Module):
    """Scales a skip connection x by a per-pixel weight in (0, 1) computed from x and the decoder's
    upsampled features g at the same resolution: sigmoid(psi(relu(Wx x + Wg g)))."""

    def __init__(self, cx, cg, cmid):
        super().__init__()
        self.wx = nn.Conv2d(cx, cmid, 1, bias=False)
        self.wg = nn.Conv2d(cg, cmid, 1, bias=True)
        self.psi = nn.Sequential(nn.ReLU(inplace=True), nn.Conv2d(cmid, 1, 1), nn.Sigmoid())

    def forward(self, x, g):
        return x * self.psi(self.wx(x) + self.wg(g))


class UNet(nn.Module):
    def __init__(self, cin=4, base=16, levels=5, cap=8, attention=False):
        super().__init__()
        ch = [base * min(2 ** i, cap) for i in range(levels)]
        self.channels = ch
        self.down = nn.ModuleList()
        c = cin
        for co in ch:
            self.down.append(block(c, co))
            c = co
        self.pool = nn.MaxPool2d(2)
        self.up = nn.ModuleList()
        self.dec = nn.ModuleList()
        self.gates = nn.ModuleList() if attention else None
        for i in range(levels - 2, -1, -1):
            self.up.append(nn.ConvTranspose2d(c, ch[i], 2, stride=2))
            self.dec.append(block(2 * ch[i], ch[i]))
            if attention:
                self.gates.append(AttentionGate(ch[i], ch[i], max(4, ch[i] // 2)))
            c = ch[i]
        self.head = nn.Conv2d(c, 1, 1)

    def forward(self, x):
        skips = []
        for i, d in enumerate(self.down):
            if i > 0:
                x = self.pool(x)
            x = d(x)
            skips.append(x)
        x = skips.pop()
        for k, (up, dec) in enumerate(zip(self.up, self.dec)):
            x = up(x)
            s = skips.pop()
            if self.gates is not None:
                s = self.gates[k](s, x)
            x = dec(torch.cat([x, s], 1))
        return self.head(x)


def build(cfg):
    return UNet(cin=4, base=cfg.get('base', 16), levels=cfg.get('levels', 5), cap=cfg.get('cap', 8),
                attention=cfg.get('arch', 'unet') == 'attention')
