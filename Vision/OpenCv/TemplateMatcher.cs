namespace EmoteCare.Vision.OpenCv;

/// <summary>Normalised cross-correlation search of a shrunk face template through the shim.</summary>
internal static unsafe class TemplateMatcher
{
    /// <summary>
    /// Searches <paramref name="region"/> for a face of <paramref name="faceSize"/>'s size whose
    /// <paramref name="templateSize"/>-square shrunk copy is <paramref name="faceTemplate"/>. Returns the
    /// best correlation (-1..1) and its top-left corner in image coordinates.
    /// </summary>
    public static float Match(
        GrayImageView image, PixelRect region, ReadOnlySpan<byte> faceTemplate, int templateSize, PixelRect faceSize, out int x, out int y)
    {
        if (faceTemplate.Length < templateSize * templateSize)
        {
            throw new ArgumentException("Template buffer is smaller than the template.", nameof(faceTemplate));
        }

        int matchX, matchY;
        float score;
        byte* message = stackalloc byte[OpenCvNative.MessageCapacity];
        ShimStatus status;
        fixed (byte* gray = image.Pixels)
        fixed (byte* templ = faceTemplate)
        {
            status = OpenCvNative.MatchTemplate(
                gray, image.Width, image.Height, image.Stride, region.X, region.Y, region.Width, region.Height, templ,
                templateSize, faceSize.Width, faceSize.Height, &matchX, &matchY, &score, message, OpenCvNative.MessageCapacity);
        }

        OpenCvNative.Check(status, new ReadOnlySpan<byte>(message, OpenCvNative.MessageCapacity), "template match");
        x = matchX;
        y = matchY;
        return score;
    }
}
