using EmoteCare.Vision.OpenCv;
using OpenCvSharp;

namespace EmoteCare.Vision;

/// <summary>Interpolation for <see cref="GrayImages.Resize"/> (OpenCV's values).</summary>
public enum GrayInterpolation
{
    /// <summary>Bilinear: for enlarging.</summary>
    Linear = InterpolationFlags.Linear,

    /// <summary>Pixel-area averaging: for shrinking (what the pipeline uses for face crops).</summary>
    Area = InterpolationFlags.Area,
}

/// <summary>
/// Gray image decode, resize and encode with OpenCV: the same code the frame pipeline runs, for tools and
/// tests that must measure or reproduce it.
/// </summary>
public static class GrayImages
{
    /// <summary>
    /// Decodes a JPEG or PNG to tightly packed 8-bit gray, growing <paramref name="pixels"/> when needed.
    /// Images over <paramref name="maxWidth"/> x <paramref name="maxHeight"/> are refused from their header,
    /// before any pixel is decoded; truncated or corrupt streams are refused too. False with a reason on failure.
    /// </summary>
    public static bool TryDecode(
        ReadOnlySpan<byte> data, int maxWidth, int maxHeight, ref byte[] pixels, out int width, out int height, out string? error)
    {
        var status = ImageCodec.Probe(data, out var header, out error);
        width = header.Width;
        height = header.Height;
        if (status == ImageStatus.Ok && (width > maxWidth || height > maxHeight))
        {
            error = $"image is {width}x{height}, the limit is {maxWidth}x{maxHeight}";
            return false;
        }

        if (status == ImageStatus.Ok)
        {
            if (pixels.Length < width * height)
            {
                pixels = new byte[width * height];
            }

            status = ImageCodec.DecodeGray(data, maxWidth, maxHeight, pixels, out _, out error);
        }

        return status == ImageStatus.Ok;
    }

    /// <summary>Resizes <paramref name="region"/> of <paramref name="source"/> into a tightly packed <paramref name="width"/> x <paramref name="height"/> buffer.</summary>
    public static void Resize(GrayImageView source, PixelRect region, Span<byte> destination, int width, int height, GrayInterpolation interpolation = GrayInterpolation.Area) =>
        GrayResize.Resize(source, region, destination, width, height, (InterpolationFlags)interpolation);

    /// <summary>Encodes a gray image as JPEG (1-100 quality).</summary>
    public static byte[] EncodeJpeg(GrayImageView image, int quality) => ImageCodec.EncodeJpeg(image, quality);
}
