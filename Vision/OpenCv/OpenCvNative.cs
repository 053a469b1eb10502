using System.Reflection;
using System.Runtime.InteropServices;
using EmoteCare.Vision.Native;

namespace EmoteCare.Vision.OpenCv;

/// <summary>Status codes of the shim (ecv_status in native/include/emotecare_vision.h).</summary>
internal enum ShimStatus
{
    Ok = 0,
    InvalidArgument = 1,
    UnsupportedFormat = 2,
    Truncated = 3,
    DimensionsTooLarge = 4,
    DecodeFailed = 5,
    BufferTooSmall = 6,
    OpenCvError = 7,
    InternalError = 8,
    IoError = 9,
}

/// <summary>ecv_image_info.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeImageInfo
{
    public int Format;
    public int Width;
    public int Height;
}

/// <summary>ecv_rect.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeRect
{
    public int X;
    public int Y;
    public int Width;
    public int Height;
}

/// <summary>P/Invoke declarations for libemotecare_vision (native/).</summary>
internal static unsafe partial class OpenCvNative
{
    public const int MessageCapacity = 256;
    public const int InterLinear = 1;
    public const int InterArea = 3;

    private const string Library = "emotecare_vision";
    private const int ExpectedAbiVersion = 2;

    static OpenCvNative()
    {
        NativeLibrary.SetDllImportResolver(typeof(OpenCvNative).Assembly, Resolve);
    }

    [LibraryImport(Library, EntryPoint = "ecv_abi_version")]
    public static partial int AbiVersion();

    [LibraryImport(Library, EntryPoint = "ecv_set_num_threads")]
    public static partial void SetNumThreads(int threads);

    [LibraryImport(Library, EntryPoint = "ecv_probe_image")]
    public static partial ShimStatus ProbeImage(byte* data, long length, NativeImageInfo* info, byte* message, int messageCapacity);

    [LibraryImport(Library, EntryPoint = "ecv_decode_gray")]
    public static partial ShimStatus DecodeGray(
        byte* data, long length, int maxWidth, int maxHeight, byte* dst, long dstCapacity, NativeImageInfo* info,
        byte* message, int messageCapacity);

    [LibraryImport(Library, EntryPoint = "ecv_encode_jpeg")]
    public static partial ShimStatus EncodeJpeg(
        byte* gray, int width, int height, int stride, int quality, byte* dst, long dstCapacity, long* written,
        byte* message, int messageCapacity);

    [LibraryImport(Library, EntryPoint = "ecv_cascade_load")]
    public static partial ShimStatus CascadeLoad(byte* path, nint* cascade, byte* message, int messageCapacity);

    [LibraryImport(Library, EntryPoint = "ecv_cascade_free")]
    public static partial void CascadeFree(nint cascade);

    [LibraryImport(Library, EntryPoint = "ecv_cascade_detect")]
    public static partial ShimStatus CascadeDetect(
        nint cascade, byte* gray, int width, int height, int stride, int roiX, int roiY, int roiWidth, int roiHeight,
        double scaleFactor, int minNeighbors, int minSize, int maxSize, NativeRect* results, int capacity, int* found,
        byte* message, int messageCapacity);

    [LibraryImport(Library, EntryPoint = "ecv_resize_gray")]
    public static partial ShimStatus ResizeGray(
        byte* gray, int width, int height, int stride, int roiX, int roiY, int roiWidth, int roiHeight, byte* dst,
        int dstWidth, int dstHeight, int dstStride, int interpolation, byte* message, int messageCapacity);

    [LibraryImport(Library, EntryPoint = "ecv_match_template")]
    public static partial ShimStatus MatchTemplate(
        byte* gray, int width, int height, int stride, int roiX, int roiY, int roiWidth, int roiHeight, byte* faceTemplate,
        int templateSize, int faceWidth, int faceHeight, int* matchX, int* matchY, float* score, byte* message, int messageCapacity);

    /// <summary>Reads the NUL-terminated message the shim wrote into a stack buffer.</summary>
    public static string Message(ReadOnlySpan<byte> buffer)
    {
        var end = buffer.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? buffer : buffer[..end]);
    }

    /// <summary>Throws <see cref="VisionNativeException"/> for a failed call.</summary>
    public static void Check(ShimStatus status, ReadOnlySpan<byte> message, string operation)
    {
        if (status != ShimStatus.Ok)
        {
            throw new VisionNativeException(operation, status.ToString(), Message(message));
        }
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return 0;
        }

        var path = VisionNativeLibraries.ResolveVisionShim();
        var handle = NativeLibrary.Load(path);
        var abiVersion = ((delegate* unmanaged[Cdecl]<int>)NativeLibrary.GetExport(handle, "ecv_abi_version"))();
        if (abiVersion != ExpectedAbiVersion)
        {
            throw new DllNotFoundException(
                $"The vision shim at {path} has ABI version {abiVersion}, this build needs {ExpectedAbiVersion}; " +
                "rebuild it with eng/install-native.sh.");
        }

        return handle;
    }
}
