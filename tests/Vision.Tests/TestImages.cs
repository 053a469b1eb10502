using EmoteCare.Vision.OpenCv;

namespace EmoteCare.Vision.Tests;

internal static class TestImages
{
    /// <summary>A smooth gradient with a darker disc, so JPEG has some structure to encode.</summary>
    public static byte[] GradientPixels(int width, int height)
    {
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var dx = x - (width / 2);
                var dy = y - (height / 2);
                var inDisc = (dx * dx) + (dy * dy) < (height * height / 16);
                pixels[(y * width) + x] = (byte)(inDisc ? 40 : 60 + (150 * x / width));
            }
        }

        return pixels;
    }

    public static byte[] GradientJpeg(int width = 320, int height = 240, int quality = 85) =>
        ImageCodec.EncodeJpeg(new GrayImageView(GradientPixels(width, height), width, height), quality);

    /// <summary>Rewrites the dimensions in a baseline JPEG's SOF0 header, leaving the scan data as it was.</summary>
    public static byte[] WithDeclaredSize(byte[] jpeg, int width, int height)
    {
        var copy = (byte[])jpeg.Clone();
        var sof = IndexOfMarker(copy, 0xC0);
        copy[sof + 5] = (byte)(height >> 8);
        copy[sof + 6] = (byte)height;
        copy[sof + 7] = (byte)(width >> 8);
        copy[sof + 8] = (byte)width;
        return copy;
    }

    public static int IndexOfMarker(byte[] jpeg, byte marker)
    {
        for (var i = 2; i + 1 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == marker)
            {
                return i;
            }
        }

        throw new InvalidDataException($"marker FF{marker:X2} not found");
    }
}
