using OpenCvSharp;

namespace EmoteCare.Vision.OpenCv;

/// <summary>Resizing of a gray image region with OpenCV.</summary>
internal static unsafe class GrayResize
{
    /// <summary>Resizes <paramref name="region"/> of <paramref name="source"/> into a tightly packed <paramref name="width"/> x <paramref name="height"/> buffer.</summary>
    public static void Resize(GrayImageView source, PixelRect region, Span<byte> destination, int width, int height, InterpolationFlags interpolation)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (destination.Length < width * height)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes, {width * height} needed.", nameof(destination));
        }

        fixed (byte* src = source.Pixels)
        fixed (byte* dst = destination)
        {
            using var input = GrayMat.Header(src, source, region);
            using var output = GrayMat.Header(dst, width, height);
            GrayMat.Resize(input, output, interpolation);
        }
    }
}
