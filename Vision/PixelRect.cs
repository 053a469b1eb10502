namespace EmoteCare.Vision;

/// <summary>An axis-aligned rectangle in pixel coordinates (top-left origin).</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    /// <summary>One past the right edge.</summary>
    public int Right => X + Width;

    /// <summary>One past the bottom edge.</summary>
    public int Bottom => Y + Height;

    /// <summary>True when the rectangle covers no pixel.</summary>
    public bool IsEmpty => Width <= 0 || Height <= 0;

    /// <summary>Area in pixels.</summary>
    public long Area => IsEmpty ? 0 : (long)Width * Height;

    /// <summary>The overlap of two rectangles (empty when they do not overlap).</summary>
    public PixelRect Intersect(PixelRect other)
    {
        var x = Math.Max(X, other.X);
        var y = Math.Max(Y, other.Y);
        var right = Math.Min(Right, other.Right);
        var bottom = Math.Min(Bottom, other.Bottom);
        return right <= x || bottom <= y ? default : new PixelRect(x, y, right - x, bottom - y);
    }

    /// <summary>The same centre with width and height multiplied by <paramref name="factor"/>.</summary>
    public PixelRect ScaleAboutCentre(double factor)
    {
        var width = (int)Math.Round(Width * factor);
        var height = (int)Math.Round(Height * factor);
        return new PixelRect(X + ((Width - width) / 2), Y + ((Height - height) / 2), width, height);
    }

    /// <summary>Intersection over union, 0 when either is empty.</summary>
    public double IntersectionOverUnion(PixelRect other)
    {
        var overlap = Intersect(other).Area;
        var union = Area + other.Area - overlap;
        return union <= 0 ? 0 : (double)overlap / union;
    }
}
