namespace EmoteCare.Vision;

/// <summary>A read-only view of an 8-bit grayscale image: row-major, <see cref="Stride"/> bytes between rows.</summary>
public readonly ref struct GrayImageView
{
    /// <summary>Creates a view, checking that <paramref name="pixels"/> covers every row.</summary>
    public GrayImageView(ReadOnlySpan<byte> pixels, int width, int height, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, width);
        if (pixels.Length < ((long)(height - 1) * stride) + width)
        {
            throw new ArgumentException($"{pixels.Length} bytes cannot hold a {width}x{height} image with stride {stride}.", nameof(pixels));
        }

        Pixels = pixels;
        Width = width;
        Height = height;
        Stride = stride;
    }

    /// <summary>Creates a view of a tightly packed image.</summary>
    public GrayImageView(ReadOnlySpan<byte> pixels, int width, int height)
        : this(pixels, width, height, width)
    {
    }

    /// <summary>The pixel bytes.</summary>
    public ReadOnlySpan<byte> Pixels { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Bytes from one row to the next.</summary>
    public int Stride { get; }

    /// <summary>The whole image as a rectangle.</summary>
    public PixelRect Bounds => new(0, 0, Width, Height);
}
