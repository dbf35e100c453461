"""The explorers' own PNG encoder (``explorers._core._encode_png``) is lossless and valid."""

import io

import numpy as np
import pytest
from PIL import Image

from infotheory_lib.explorers._core import _encode_png


@pytest.mark.parametrize("shape", [(1, 1), (7, 13), (390, 950)])
def test_png_decodes_to_the_rgb_pixels(shape):
    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, (*shape, 4), dtype=np.uint8)
    image = Image.open(io.BytesIO(_encode_png(rgba)))
    image.load()  # Pillow checks every chunk's CRC while reading
    assert image.mode == "RGB"
    assert image.size == (shape[1], shape[0])
    assert np.array_equal(np.asarray(image), rgba[:, :, :3])  # alpha dropped, nothing else changed


def test_png_of_a_figure_is_its_canvas():
    import matplotlib

    matplotlib.use("Agg")
    from infotheory_lib import explorers

    live = explorers.registered()[0].build()
    rgba = np.asarray(live.figure.canvas.buffer_rgba())
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(live._png()))), rgba[:, :, :3])
    live.close()
