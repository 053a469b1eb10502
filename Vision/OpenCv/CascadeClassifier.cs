using System.Runtime.InteropServices;

namespace EmoteCare.Vision.OpenCv;

/// <summary>Owns one cv::CascadeClassifier inside the shim.</summary>
internal sealed class CascadeHandle : SafeHandle
{
    public CascadeHandle(nint handle)
        : base(0, ownsHandle: true)
    {
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        OpenCvNative.CascadeFree(handle);
        return true;
    }
}

/// <summary>An OpenCV cascade (Haar or LBP). Not thread-safe: OpenCV keeps per-image state inside it.</summary>
internal sealed unsafe class CascadeClassifier : IDisposable
{
    private readonly CascadeHandle _handle;

    private CascadeClassifier(CascadeHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    public string Path { get; }

    public static CascadeClassifier Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Cascade file {path} does not exist (Debian package opencv-data installs the stock cascades).", path);
        }

        var utf8 = Marshal.StringToCoTaskMemUTF8(path);
        try
        {
            nint raw;
            byte* message = stackalloc byte[OpenCvNative.MessageCapacity];
            var status = OpenCvNative.CascadeLoad((byte*)utf8, &raw, message, OpenCvNative.MessageCapacity);
            OpenCvNative.Check(status, new ReadOnlySpan<byte>(message, OpenCvNative.MessageCapacity), "cascade load");
            return new CascadeClassifier(new CascadeHandle(raw), path);
        }
        finally
        {
            Marshal.FreeCoTaskMem(utf8);
        }
    }

    /// <summary>
    /// Detects objects of size [<paramref name="minSize"/>, <paramref name="maxSize"/>] (0 = unbounded) in
    /// <paramref name="region"/>; writes up to <paramref name="results"/>.Length boxes in image coordinates
    /// and returns how many were found in total.
    /// </summary>
    public int Detect(
        GrayImageView image, PixelRect region, double scaleFactor, int minNeighbors, int minSize, int maxSize, Span<PixelRect> results)
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            int found;
            byte* message = stackalloc byte[OpenCvNative.MessageCapacity];
            ShimStatus status;
            fixed (byte* gray = image.Pixels)
            fixed (PixelRect* rects = results)
            {
                // PixelRect is four ints in declaration order, the same layout as ecv_rect.
                status = OpenCvNative.CascadeDetect(
                    _handle.DangerousGetHandle(), gray, image.Width, image.Height, image.Stride, region.X, region.Y,
                    region.Width, region.Height, scaleFactor, minNeighbors, minSize, maxSize, (NativeRect*)rects,
                    results.Length, &found, message, OpenCvNative.MessageCapacity);
            }

            OpenCvNative.Check(status, new ReadOnlySpan<byte>(message, OpenCvNative.MessageCapacity), "cascade detect");
            return found;
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}
