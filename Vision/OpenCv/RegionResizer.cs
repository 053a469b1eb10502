using OpenCvSharp;

namespace EmoteCare.Vision.OpenCv;

/// <summary>
/// Resizes image regions with OpenCV through reused scratch images: the region is copied into one (a few
/// KiB for a face) and resized into another, then copied out. Calls of a steady size allocate no pixels and
/// no headers, only OpenCvSharp's one-shot output proxy. One per worker: not thread-safe.
/// </summary>
internal sealed unsafe class RegionResizer : IDisposable
{
    private readonly Mat _region = new();
    private readonly Mat _resized = new();
    // The proxy refers to the Mat object, not its pixels, so it stays valid when Create reallocates them.
    private readonly InputArray _regionInput;

    public RegionResizer()
    {
        _regionInput = InputArray.Create(_region);
    }

    /// <summary>Resizes <paramref name="region"/> of <paramref name="image"/> into a tightly packed <paramref name="width"/> x <paramref name="height"/> buffer.</summary>
    public void Resize(GrayImageView image, PixelRect region, Span<byte> destination, int width, int height, InterpolationFlags interpolation)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (destination.Length < width * height)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes, {width * height} needed.", nameof(destination));
        }

        _resized.Create(height, width, MatType.CV_8UC1);
        Resize(image, region, _resized, interpolation);
        var step = (long)_resized.Step();
        var pixels = (byte*)_resized.Data;
        for (var row = 0; row < height; row++)
        {
            new ReadOnlySpan<byte>(pixels + (row * step), width).CopyTo(destination.Slice(row * width, width));
        }
    }

    /// <summary>Resizes <paramref name="region"/> of <paramref name="image"/> into <paramref name="destination"/>, whose size is the target size.</summary>
    public void Resize(GrayImageView image, PixelRect region, Mat destination, InterpolationFlags interpolation)
    {
        Load(image, region);
        using var output = OutputArray.Create(destination);
        Cv2.Resize(_regionInput, output, new Size(destination.Width, destination.Height), 0, 0, interpolation);
    }

    public void Dispose()
    {
        _regionInput.Dispose();
        _region.Dispose();
        _resized.Dispose();
    }

    private void Load(GrayImageView image, PixelRect region)
    {
        GrayMat.CheckInside(image, region);
        _region.Create(region.Height, region.Width, MatType.CV_8UC1);
        var step = (long)_region.Step();
        var pixels = (byte*)_region.Data;
        for (var row = 0; row < region.Height; row++)
        {
            image.Pixels.Slice(((region.Y + row) * image.Stride) + region.X, region.Width).CopyTo(new Span<byte>(pixels + (row * step), region.Width));
        }
    }
}
