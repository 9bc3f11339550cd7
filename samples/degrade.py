"""Making clean page images look like what clerks receive: flatbed scans, phone photos and
faxes, and writing them as PNG, JPEG, TIFF or image-only PDF files. No Flask here."""
from __future__ import annotations

import io
import random

import cv2
import numpy as np
from PIL import Image, ImageFilter

FORMATS = ("png-scan", "jpg-photo", "tif-fax", "pdf-scan")
MULTI_PAGE = ("tif-fax", "pdf-scan")  # the image formats that hold several pages


def _noise(array: np.ndarray, rng: random.Random, sigma: float) -> np.ndarray:
    generator = np.random.default_rng(rng.randrange(2**32))
    return array + generator.normal(0, sigma, array.shape)


def scan(page: Image.Image, rng: random.Random) -> Image.Image:
    """A flatbed scan: greyish paper, a slight skew, soft edges, sensor noise. Same size, mode L."""
    gray = page.convert("L")
    skewed = gray.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor=255)
    softened = skewed.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 0.9)))
    paper = rng.uniform(228, 244)
    ink = rng.uniform(20, 45)
    array = ink + np.asarray(softened, dtype=np.float64) / 255 * (paper - ink)
    array = _noise(array, rng, rng.uniform(3, 7))
    image = Image.fromarray(np.clip(array, 0, 255).astype(np.uint8), "L")
    image.info["dpi"] = page.info.get("dpi", (200, 200))
    return image


def photo(page: Image.Image, rng: random.Random) -> Image.Image:
    """A phone photo on a desk: perspective, a turn, light falling off to one side, a warm cast.
    Same size as the page, mode RGB."""
    w, h = page.size
    source = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    inset = np.float32([[0.08, 0.06], [0.92, 0.05], [0.94, 0.95], [0.06, 0.96]]) * [w, h]
    jitter = np.float32([[rng.uniform(-0.025, 0.025) * w, rng.uniform(-0.02, 0.02) * h] for _ in range(4)])
    matrix = cv2.getPerspectiveTransform(source, (inset + jitter).astype(np.float32))
    paper = np.asarray(page.convert("L"), dtype=np.uint8)
    warped = cv2.warpPerspective(paper, matrix, (w, h), flags=cv2.INTER_AREA, borderValue=0)
    mask = cv2.warpPerspective(np.full_like(paper, 255), matrix, (w, h), borderValue=0) / 255.0
    # Uneven light: a linear fall-off across the page and a soft hot spot.
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    angle = rng.uniform(0, 2 * np.pi)
    slope = (np.cos(angle) * (xx / w - 0.5) + np.sin(angle) * (yy / h - 0.5)) * rng.uniform(0.25, 0.45)
    cx, cy = rng.uniform(0.3, 0.7), rng.uniform(0.2, 0.6)
    spot = np.exp(-((xx / w - cx) ** 2 + (yy / h - cy) ** 2) * 6)
    light = np.clip(0.82 + slope + 0.15 * spot, 0.45, 1.05)
    desk = np.array([rng.uniform(60, 110), rng.uniform(50, 90), rng.uniform(40, 70)])
    tint = np.array([1.0, rng.uniform(0.95, 0.99), rng.uniform(0.85, 0.93)])
    sheet = warped[..., None] * tint * light[..., None]
    rgb = sheet * mask[..., None] + desk * light[..., None] * (1 - mask[..., None])
    rgb = cv2.GaussianBlur(_noise(rgb, rng, 4), (0, 0), rng.uniform(0.6, 1.1))
    image = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")
    return image.rotate(rng.uniform(-2.5, 2.5), resample=Image.Resampling.BICUBIC,
                        fillcolor=tuple(int(c) for c in desk))


def fax(page: Image.Image, rng: random.Random, standard: bool = True) -> Image.Image:
    """A fax: 1-bit, thickened and speckled, with a dropped scan line or two. Standard mode keeps
    every other row (200 x 100 dpi, half the height); fine mode is 200 x 200 dpi."""
    gray = page.convert("L").rotate(rng.uniform(-0.5, 0.5), resample=Image.Resampling.BILINEAR, fillcolor=255)
    array = np.asarray(gray, dtype=np.float64)
    if standard:  # a fax line covers two rows: keep the darker of each pair
        if array.shape[0] % 2:
            array = np.vstack([array, np.full((1, array.shape[1]), 255.0)])
        array = array.reshape(-1, 2, array.shape[1]).min(axis=1)
    array = _noise(array, rng, 18)
    bits = array > rng.uniform(150, 185)
    generator = np.random.default_rng(rng.randrange(2**32))
    bits ^= generator.random(bits.shape) < 0.0015  # speckle
    for _ in range(rng.randrange(1, 4)):
        row = rng.randrange(bits.shape[0])
        bits[row:row + 2] = True  # a line the machine lost
    image = Image.fromarray((bits * 255).astype(np.uint8), "L").convert("1")
    image.info["dpi"] = (200, 100) if standard else (200, 200)
    return image


def encode(pages: list[Image.Image], fmt: str, rng: random.Random) -> tuple[str, bytes]:
    """Degrade the clean pages for the format and write the file: (extension, bytes)."""
    out = io.BytesIO()
    if fmt == "png-scan":
        _single(pages, fmt)
        scan(pages[0], rng).save(out, "PNG", dpi=(200, 200))
        return "png", out.getvalue()
    if fmt == "jpg-photo":
        _single(pages, fmt)
        photo(pages[0], rng).save(out, "JPEG", quality=rng.randrange(72, 88))
        return "jpg", out.getvalue()
    if fmt == "tif-fax":
        standard = rng.random() < 0.5
        faxed = [fax(p, rng, standard) for p in pages]
        faxed[0].save(out, "TIFF", compression="group4", save_all=True, append_images=faxed[1:],
                      dpi=faxed[0].info["dpi"])
        return "tif", out.getvalue()
    if fmt == "pdf-scan":
        scanned = [scan(p, rng) for p in pages]
        scanned[0].save(out, "PDF", resolution=200, save_all=True, append_images=scanned[1:])
        return "pdf", out.getvalue()
    raise ValueError(f"unknown format {fmt}")


def _single(pages: list[Image.Image], fmt: str) -> None:
    if len(pages) != 1:
        raise ValueError(f"{fmt} holds one page, not {len(pages)}")
