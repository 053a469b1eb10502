using OpenCvSharp;

namespace EmoteCare.Vision.OpenCv;

/// <summary>
/// Normalised cross-correlation search of a shrunk face template. Keeps its scratch images between calls,
/// so same-sized searches allocate no pixels; not thread-safe.
/// </summary>
internal sealed unsafe class TemplateMatcher : IDisposable
{
    private readonly RegionResizer _resizer = new();
    private readonly Mat _small = new();
    private readonly Mat _template = new();
    private readonly Mat _response = new();
    private readonly InputArray _smallInput;
    private readonly InputArray _templateInput;
    private readonly InputArray _responseInput;

    public TemplateMatcher()
    {
        _smallInput = InputArray.Create(_small);
        _templateInput = InputArray.Create(_template);
        _responseInput = InputArray.Create(_response);
    }

    /// <summary>
    /// Searches <paramref name="region"/> for a face of <paramref name="faceSize"/>'s size whose
    /// <paramref name="templateSize"/>-square shrunk copy is <paramref name="faceTemplate"/>: the region is shrunk
    /// by template size / face side and searched with TM_CCOEFF_NORMED, which tolerates lighting changes.
    /// Returns the best correlation (-1..1) and its top-left corner in image coordinates.
    /// </summary>
    public float Match(
        GrayImageView image, PixelRect region, ReadOnlySpan<byte> faceTemplate, int templateSize, PixelRect faceSize, out int x, out int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(templateSize);
        if (faceTemplate.Length < templateSize * templateSize)
        {
            throw new ArgumentException("Template buffer is smaller than the template.", nameof(faceTemplate));
        }

        if (faceSize.Width < templateSize || faceSize.Height < templateSize)
        {
            throw new ArgumentException($"Face {faceSize.Width}x{faceSize.Height} is smaller than the {templateSize}-pixel template.", nameof(faceSize));
        }

        var scaleX = (double)templateSize / faceSize.Width;
        var scaleY = (double)templateSize / faceSize.Height;
        var smallWidth = (int)(region.Width * scaleX);
        var smallHeight = (int)(region.Height * scaleY);
        if (smallWidth < templateSize || smallHeight < templateSize)
        {
            throw new ArgumentException($"ROI {region.Width}x{region.Height} is smaller than the face ({faceSize.Width}x{faceSize.Height}).", nameof(region));
        }

        _small.Create(smallHeight, smallWidth, MatType.CV_8UC1);
        _resizer.Resize(image, region, _small, InterpolationFlags.Area);
        _template.Create(templateSize, templateSize, MatType.CV_8UC1);
        var step = (long)_template.Step();
        for (var row = 0; row < templateSize; row++)
        {
            faceTemplate.Slice(row * templateSize, templateSize).CopyTo(new Span<byte>((byte*)_template.Data + (row * step), templateSize));
        }

        using (var response = OutputArray.Create(_response))
        {
            Cv2.MatchTemplate(_smallInput, _templateInput, response, TemplateMatchModes.CCoeffNormed);
        }

        Cv2.MinMaxLoc(_responseInput, out _, out double best, out _, out Point location);
        x = region.X + (int)Math.Round(location.X / scaleX, MidpointRounding.AwayFromZero);
        y = region.Y + (int)Math.Round(location.Y / scaleY, MidpointRounding.AwayFromZero);
        return double.IsFinite(best) ? (float)best : -1f;
    }

    public void Dispose()
    {
        _smallInput.Dispose();
        _templateInput.Dispose();
        _responseInput.Dispose();
        _resizer.Dispose();
        _small.Dispose();
        _template.Dispose();
        _response.Dispose();
    }
}
