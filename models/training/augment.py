"""Face augmentation on whole batches of tensors, on whatever device the data lives on.

Everything is batched tensor arithmetic (one affine_grid/grid_sample, a few elementwise ops),
so on a GPU the augmentation never waits on the CPU, and on a CPU it costs a few percent of a
training step. All randomness comes from the caller's torch.Generator, so a seed fixes it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F


@dataclass
class AugmentConfig:
    max_rotation_deg: float = 12.0   # faces in FER2013 are roughly upright
    max_scale: float = 0.10          # zoom in or out by up to 10%
    max_shift_px: float = 4.0        # of 48 px: imperfect detector crops
    flip_probability: float = 0.5    # expressions are (nearly) left-right symmetric
    max_brightness: float = 25.0     # added gray levels, of 255
    max_contrast: float = 0.25       # contrast factor in [1 - c, 1 + c] about each image's mean
    erase_probability: float = 0.5   # occlusions: a hand, glasses, a microphone
    erase_area: tuple = (0.02, 0.15)  # fraction of the image


def _uniform(n: int, low: float, high: float, gen: torch.Generator, device) -> torch.Tensor:
    return torch.rand(n, generator=gen, device=device) * (high - low) + low


def augment_batch(images: torch.Tensor, gen: torch.Generator, cfg: AugmentConfig) -> torch.Tensor:
    """Randomly transform uint8 faces [B, 48, 48] into float pixels [B, 1, 48, 48] in 0..255."""
    x = images.unsqueeze(1).float()
    n, _, h, w = x.shape
    dev = x.device

    # Geometry: one affine matrix per face (output -> input coordinates, normalised to [-1, 1]).
    angle = _uniform(n, -1, 1, gen, dev) * math.radians(cfg.max_rotation_deg)
    inv_scale = 1.0 / _uniform(n, 1 - cfg.max_scale, 1 + cfg.max_scale, gen, dev)
    flip = torch.where(torch.rand(n, generator=gen, device=dev) < cfg.flip_probability, -1.0, 1.0)
    shift_x = _uniform(n, -1, 1, gen, dev) * (2 * cfg.max_shift_px / w)
    shift_y = _uniform(n, -1, 1, gen, dev) * (2 * cfg.max_shift_px / h)
    cos, sin = torch.cos(angle) * inv_scale, torch.sin(angle) * inv_scale
    theta = torch.stack([
        torch.stack([cos * flip, -sin, shift_x], dim=1),
        torch.stack([sin * flip, cos, shift_y], dim=1),
    ], dim=1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)

    # Photometry: contrast about the image mean, then a brightness offset.
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    contrast = _uniform(n, 1 - cfg.max_contrast, 1 + cfg.max_contrast, gen, dev).view(n, 1, 1, 1)
    brightness = _uniform(n, -cfg.max_brightness, cfg.max_brightness, gen, dev).view(n, 1, 1, 1)
    x = ((x - mean) * contrast + mean + brightness).clamp_(0, 255)

    # Random erasing: a rectangle of uniform noise on some faces.
    area = _uniform(n, *cfg.erase_area, gen, dev) * h * w
    log_ratio = _uniform(n, math.log(0.3), math.log(3.3), gen, dev)
    eh = torch.sqrt(area * torch.exp(log_ratio)).clamp(1, h)
    ew = torch.sqrt(area / torch.exp(log_ratio)).clamp(1, w)
    top = torch.rand(n, generator=gen, device=dev) * (h - eh)
    left = torch.rand(n, generator=gen, device=dev) * (w - ew)
    rows = torch.arange(h, device=dev).view(1, h, 1)
    cols = torch.arange(w, device=dev).view(1, 1, w)
    inside = ((rows >= top.view(n, 1, 1)) & (rows < (top + eh).view(n, 1, 1))
              & (cols >= left.view(n, 1, 1)) & (cols < (left + ew).view(n, 1, 1)))
    chosen = (torch.rand(n, generator=gen, device=dev) < cfg.erase_probability).view(n, 1, 1)
    noise = torch.rand(x.shape, generator=gen, device=dev) * 255
    return torch.where((inside & chosen).unsqueeze(1), noise, x)
