"""Writing .npz files that are the same bytes for the same arrays (fixed zip timestamps), so a
regenerated model or table shows as unchanged in git when it is."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np


def save_npz(path: str | Path, arrays: dict[str, np.ndarray]) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, value in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asanyarray(value), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, buf.getvalue())
