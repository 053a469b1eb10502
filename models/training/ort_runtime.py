"""Run an ONNX model with ONNX Runtime: the Python module when importable, else the C API.

The development machine has no ``onnxruntime`` Python package, but the product uses the native
library inside the NuGet package Microsoft.ML.OnnxRuntime. ``CtypesSession`` calls that library
through its C API, so evaluation and latency here run on the very library the C# side loads. The
library path comes from ``EMOTECARE_ORT_LIBRARY``, else the package in the NuGet cache
(``$NUGET_PACKAGES`` or ``~/.nuget/packages``) at the version ``Directory.Packages.props`` pins,
restored by any build of the solution.

The C API is a struct of function pointers (``OrtApi``) returned by
``OrtGetApiBase()->GetApi(version)``; it only ever grows at its end, so the indices below (from
include/onnxruntime/core/session/onnxruntime_c_api.h) hold for every later release.
"""
from __future__ import annotations

import ctypes
import os
import re
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[2]


def default_library() -> Path:
    """libonnxruntime.so of the Microsoft.ML.OnnxRuntime version the solution pins, in the NuGet cache."""
    props = (REPO_ROOT / "Directory.Packages.props").read_text(encoding="utf-8")
    version = re.search(r"<OnnxRuntimeVersion>([^<]+)</OnnxRuntimeVersion>", props).group(1)
    cache = Path(os.environ.get("NUGET_PACKAGES", Path.home() / ".nuget" / "packages"))
    return cache / "microsoft.ml.onnxruntime" / version / "runtimes" / "linux-x64" / "native" / "libonnxruntime.so"


ORT_API_VERSION = 13  # the oldest version whose table holds every entry used here
ORT_LOGGING_LEVEL_WARNING = 2
ORT_ENABLE_ALL = 99
ORT_ARENA_ALLOCATOR = 1
ORT_MEM_TYPE_DEFAULT = 0
ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT = 1
ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 = 7
# input dtype -> ONNX element type; float32 images for the face model, int64 token ids for the text model
_ELEMENT_TYPES = {np.dtype(np.float32): ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT,
                  np.dtype(np.int64): ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64}

_p = ctypes.c_void_p
_pp = ctypes.POINTER(ctypes.c_void_p)
_status = ctypes.c_void_p
# name: (index in OrtApi, result type, argument types)
_API = {
    "GetErrorMessage": (2, ctypes.c_char_p, [_p]),
    "CreateEnv": (3, _status, [ctypes.c_int, ctypes.c_char_p, _pp]),
    "CreateSession": (7, _status, [_p, ctypes.c_char_p, _p, _pp]),
    "Run": (9, _status, [_p, _p, ctypes.POINTER(ctypes.c_char_p), _pp, ctypes.c_size_t,
                         ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, _pp]),
    "CreateSessionOptions": (10, _status, [_pp]),
    "SetSessionGraphOptimizationLevel": (23, _status, [_p, ctypes.c_int]),
    "SetIntraOpNumThreads": (24, _status, [_p, ctypes.c_int]),
    "SetInterOpNumThreads": (25, _status, [_p, ctypes.c_int]),
    "SessionGetInputName": (36, _status, [_p, ctypes.c_size_t, _p, ctypes.POINTER(ctypes.c_char_p)]),
    "SessionGetOutputName": (37, _status, [_p, ctypes.c_size_t, _p, ctypes.POINTER(ctypes.c_char_p)]),
    "CreateTensorWithDataAsOrtValue": (49, _status, [_p, _p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_int64),
                                                     ctypes.c_size_t, ctypes.c_int, _pp]),
    "GetTensorMutableData": (51, _status, [_p, _pp]),
    "GetDimensionsCount": (61, _status, [_p, ctypes.POINTER(ctypes.c_size_t)]),
    "GetDimensions": (62, _status, [_p, ctypes.POINTER(ctypes.c_int64), ctypes.c_size_t]),
    "GetTensorTypeAndShape": (65, _status, [_p, _pp]),
    "CreateCpuMemoryInfo": (69, _status, [ctypes.c_int, ctypes.c_int, _pp]),
    "AllocatorFree": (76, _status, [_p, _p]),
    "GetAllocatorWithDefaultOptions": (78, _status, [_pp]),
    "ReleaseEnv": (92, None, [_p]),
    "ReleaseStatus": (93, None, [_p]),
    "ReleaseMemoryInfo": (94, None, [_p]),
    "ReleaseSession": (95, None, [_p]),
    "ReleaseValue": (96, None, [_p]),
    "ReleaseTensorTypeAndShapeInfo": (99, None, [_p]),
    "ReleaseSessionOptions": (100, None, [_p]),
}


class _OrtApiBase(ctypes.Structure):
    _fields_ = [("GetApi", ctypes.CFUNCTYPE(_p, ctypes.c_uint32)),
                ("GetVersionString", ctypes.CFUNCTYPE(ctypes.c_char_p))]


class _CApi:
    """The subset of OrtApi used here, as callables that raise on a non-null OrtStatus."""

    def __init__(self, library_path: Path):
        lib = ctypes.CDLL(str(library_path))
        lib.OrtGetApiBase.restype = ctypes.POINTER(_OrtApiBase)
        base = lib.OrtGetApiBase().contents
        self.version = base.GetVersionString().decode()
        table_ptr = base.GetApi(ORT_API_VERSION)
        if not table_ptr:
            raise RuntimeError(f"{library_path} (ONNX Runtime {self.version}) lacks API version {ORT_API_VERSION}")
        table = ctypes.cast(table_ptr, ctypes.POINTER(ctypes.c_void_p))
        self._lib = lib  # keeps the library loaded as long as the table is used
        for name, (index, restype, argtypes) in _API.items():
            setattr(self, "_" + name, ctypes.CFUNCTYPE(restype, *argtypes)(table[index]))

    def __getattr__(self, name: str):
        raw = self.__dict__.get("_" + name)
        if raw is None:
            raise AttributeError(name)
        if name.startswith("Release"):
            return raw

        def checked(*args):
            status = raw(*args)
            if status:
                message = self._GetErrorMessage(status).decode(errors="replace")
                self._ReleaseStatus(status)
                raise RuntimeError(f"ONNX Runtime {name}: {message}")

        return checked


class CtypesSession:
    """One ONNX Runtime CPU session over the C API, for models with one float32 or int64 input and a float32 output."""

    def __init__(self, model_path: str | Path, library_path: str | Path, threads: int = 1):
        self.api = api = _CApi(Path(library_path))
        self.backend = f"onnxruntime {api.version} C API via ctypes ({Path(library_path).name})"
        self._env, self._options, self._session, self._memory = _p(), _p(), _p(), _p()
        api.CreateEnv(ORT_LOGGING_LEVEL_WARNING, b"emotecare-training", ctypes.byref(self._env))
        api.CreateSessionOptions(ctypes.byref(self._options))
        api.SetIntraOpNumThreads(self._options, threads)
        api.SetInterOpNumThreads(self._options, 1)
        api.SetSessionGraphOptimizationLevel(self._options, ORT_ENABLE_ALL)
        api.CreateSession(self._env, str(model_path).encode(), self._options, ctypes.byref(self._session))
        api.CreateCpuMemoryInfo(ORT_ARENA_ALLOCATOR, ORT_MEM_TYPE_DEFAULT, ctypes.byref(self._memory))
        self.input_name = self._name(api.SessionGetInputName)
        self.output_name = self._name(api.SessionGetOutputName)

    def _name(self, getter) -> str:
        allocator, name = _p(), ctypes.c_char_p()
        self.api.GetAllocatorWithDefaultOptions(ctypes.byref(allocator))
        getter(self._session, 0, allocator, ctypes.byref(name))
        text = name.value.decode()
        self.api.AllocatorFree(allocator, ctypes.cast(name, _p))
        return text

    def run(self, batch: np.ndarray) -> np.ndarray:
        api = self.api
        batch = np.ascontiguousarray(batch, dtype=np.int64 if batch.dtype == np.int64 else np.float32)
        shape = (ctypes.c_int64 * batch.ndim)(*batch.shape)
        value_in, value_out, info = _p(), _p(), _p()
        try:
            api.CreateTensorWithDataAsOrtValue(self._memory, batch.ctypes.data_as(_p), batch.nbytes, shape,
                                               batch.ndim, _ELEMENT_TYPES[batch.dtype],
                                               ctypes.byref(value_in))
            in_names = (ctypes.c_char_p * 1)(self.input_name.encode())
            out_names = (ctypes.c_char_p * 1)(self.output_name.encode())
            inputs = (ctypes.c_void_p * 1)(value_in.value)
            outputs = (ctypes.c_void_p * 1)()
            api.Run(self._session, None, in_names, inputs, 1, out_names, 1, outputs)
            value_out = _p(outputs[0])
            api.GetTensorTypeAndShape(value_out, ctypes.byref(info))
            ndim = ctypes.c_size_t()
            api.GetDimensionsCount(info, ctypes.byref(ndim))
            dims = (ctypes.c_int64 * ndim.value)()
            api.GetDimensions(info, dims, ndim.value)
            data = _p()
            api.GetTensorMutableData(value_out, ctypes.byref(data))
            count = int(np.prod(list(dims)))
            flat = np.ctypeslib.as_array(ctypes.cast(data, ctypes.POINTER(ctypes.c_float)), shape=(count,))
            return flat.reshape(list(dims)).copy()
        finally:
            api.ReleaseTensorTypeAndShapeInfo(info)
            api.ReleaseValue(value_out)
            api.ReleaseValue(value_in)

    def __del__(self):
        api = getattr(self, "api", None)
        if api is not None:
            api.ReleaseMemoryInfo(self._memory)
            api.ReleaseSession(self._session)
            api.ReleaseSessionOptions(self._options)
            api.ReleaseEnv(self._env)


class PythonSession:
    """The same interface over the ``onnxruntime`` Python module (present on the GPU machine)."""

    def __init__(self, model_path: str | Path, threads: int = 1):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        self.input_name = self._session.get_inputs()[0].name
        self.output_name = self._session.get_outputs()[0].name
        self.backend = f"onnxruntime {ort.__version__} Python module (CPUExecutionProvider)"

    def run(self, batch: np.ndarray) -> np.ndarray:
        feed = {self.input_name: np.ascontiguousarray(batch, dtype=np.int64 if batch.dtype == np.int64 else np.float32)}
        return self._session.run([self.output_name], feed)[0]


def open_session(model_path: str | Path, threads: int = 1):
    """Open a CPU session, preferring the Python module and falling back to the C library."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        library = Path(os.environ.get("EMOTECARE_ORT_LIBRARY") or default_library())
        if not library.is_file():
            raise FileNotFoundError(
                f"no onnxruntime Python module and no ONNX Runtime library at {library}; build the solution "
                "(dotnet build restores Microsoft.ML.OnnxRuntime) or set EMOTECARE_ORT_LIBRARY")
        return CtypesSession(model_path, library, threads)
    return PythonSession(model_path, threads)


def run_batched(session, images: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """Logits for uint8 images [N, 48, 48], fed as float pixels 0..255 [n, 1, 48, 48]."""
    out = [session.run(images[i:i + batch_size, None].astype(np.float32))
           for i in range(0, len(images), batch_size)]
    return np.concatenate(out)
