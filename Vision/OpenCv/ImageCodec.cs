using System.Buffers.Binary;
using OpenCvSharp;

namespace EmoteCare.Vision.OpenCv;

/// <summary>Outcome of a header probe or a decode.</summary>
internal enum ImageStatus
{
    Ok = 0,

    /// <summary>Neither JPEG nor PNG.</summary>
    UnsupportedFormat,

    /// <summary>Header incomplete or end-of-image marker missing.</summary>
    Truncated,

    /// <summary>The header declares more pixels than the caller allows.</summary>
    DimensionsTooLarge,

    /// <summary>The header is malformed or the codec rejected the data.</summary>
    DecodeFailed,

    /// <summary>The destination cannot hold the image.</summary>
    BufferTooSmall,
}

/// <summary>Container format found by the header probe.</summary>
internal enum ImageFormat
{
    Unknown = 0,
    Jpeg = 1,
    Png = 2,
}

/// <summary>What the header probe read.</summary>
internal readonly record struct ImageHeader(ImageFormat Format, int Width, int Height);

/// <summary>
/// Header probe (managed: nothing is decoded), grayscale decode and JPEG encode with OpenCV. The probe runs
/// before every decode, so size limits and truncation are enforced from the header alone.
/// </summary>
internal static unsafe class ImageCodec
{
    // Encoders may pad after the end marker; more than this is treated as a damaged stream.
    private const int MaxTrailingBytes = 64;

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Reads the JPEG SOF or PNG IHDR dimensions and checks the stream is complete; decodes no pixels.</summary>
    public static ImageStatus Probe(ReadOnlySpan<byte> data, out ImageHeader header, out string? error)
    {
        header = default;
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return ProbeJpeg(data, out header, out error);
        }

        if (data.StartsWith(PngSignature))
        {
            return ProbePng(data, out header, out error);
        }

        error = "not a JPEG or PNG image";
        return ImageStatus.UnsupportedFormat;
    }

    /// <summary>
    /// Decodes to tightly packed grayscale in <paramref name="destination"/>, refusing images over
    /// <paramref name="maxWidth"/> x <paramref name="maxHeight"/> before any pixel is decoded.
    /// </summary>
    public static ImageStatus DecodeGray(
        ReadOnlySpan<byte> data, int maxWidth, int maxHeight, Span<byte> destination, out ImageHeader header, out string? error)
    {
        var status = Probe(data, out header, out error);
        if (status != ImageStatus.Ok)
        {
            return status;
        }

        if (header.Width > maxWidth || header.Height > maxHeight)
        {
            error = $"image is {header.Width}x{header.Height}, the limit is {maxWidth}x{maxHeight}";
            return ImageStatus.DimensionsTooLarge;
        }

        var needed = (long)header.Width * header.Height;
        if (destination.Length < needed)
        {
            error = $"destination holds {destination.Length} bytes, {needed} needed";
            return ImageStatus.BufferTooSmall;
        }

        // Orientation is ignored: webcams do not tag frames, and rotating would change the probed size.
        using var decoded = Cv2.ImDecode(data, ImreadModes.Grayscale | ImreadModes.IgnoreOrientation);
        if (decoded.Empty())
        {
            error = "the codec could not decode the image";
            return ImageStatus.DecodeFailed;
        }

        if (decoded.Width != header.Width || decoded.Height != header.Height || decoded.Type() != MatType.CV_8UC1)
        {
            error = $"decoded {decoded.Width}x{decoded.Height} differs from the header's {header.Width}x{header.Height}";
            return ImageStatus.DecodeFailed;
        }

        var rowBytes = header.Width;
        var step = (long)decoded.Step();
        var source = (byte*)decoded.Data;
        if (step == rowBytes)
        {
            new ReadOnlySpan<byte>(source, (int)needed).CopyTo(destination);
        }
        else
        {
            for (var row = 0; row < header.Height; row++)
            {
                new ReadOnlySpan<byte>(source + (row * step), rowBytes).CopyTo(destination.Slice(row * rowBytes, rowBytes));
            }
        }

        return ImageStatus.Ok;
    }

    /// <summary>Encodes a gray image as JPEG (used for synthetic streams and tests, not the hot path).</summary>
    public static byte[] EncodeJpeg(GrayImageView image, int quality)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        fixed (byte* pixels = image.Pixels)
        {
            using var mat = GrayMat.Header(pixels, image, image.Bounds);
            using var input = InputArray.Create(mat);
            if (!Cv2.ImEncode(".jpg", input, out var encoded, [(int)ImwriteFlags.JpegQuality, quality]))
            {
                throw new InvalidOperationException("The JPEG encoder failed.");
            }

            return encoded;
        }
    }

    private static ImageStatus ProbePng(ReadOnlySpan<byte> data, out ImageHeader header, out string? error)
    {
        header = default;
        // 8-byte signature, then the IHDR chunk: length, type, width, height.
        if (data.Length < 24)
        {
            error = $"PNG shorter than its header ({data.Length} bytes)";
            return ImageStatus.Truncated;
        }

        if (!data.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            error = "PNG does not start with an IHDR chunk";
            return ImageStatus.DecodeFailed;
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(data[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(data[20..]);
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            error = $"PNG declares invalid dimensions {width}x{height}";
            return ImageStatus.DecodeFailed;
        }

        header = new ImageHeader(ImageFormat.Png, (int)width, (int)height);
        if (!HasTailMarker(data, "IEND"u8))
        {
            error = "PNG has no IEND chunk (truncated)";
            return ImageStatus.Truncated;
        }

        error = null;
        return ImageStatus.Ok;
    }

    /// <summary>Walks the marker segments after SOI until a start-of-frame gives the dimensions.</summary>
    private static ImageStatus ProbeJpeg(ReadOnlySpan<byte> data, out ImageHeader header, out string? error)
    {
        header = default;
        var position = 2;
        while (true)
        {
            // Fill bytes may precede a marker code.
            while (position < data.Length && data[position] == 0xFF)
            {
                position++;
            }

            if (position >= data.Length)
            {
                error = "JPEG ends before its frame header";
                return ImageStatus.Truncated;
            }

            if (data[position - 1] != 0xFF)
            {
                error = $"JPEG marker expected at offset {position}";
                return ImageStatus.DecodeFailed;
            }

            var marker = data[position++];
            if (marker == 0x01 || marker is >= 0xD0 and <= 0xD7)
            {
                continue; // stand-alone markers
            }

            if (marker is 0xD8 or 0xD9 or 0xDA)
            {
                error = $"JPEG marker 0x{marker:X2} before any frame header";
                return ImageStatus.DecodeFailed;
            }

            if (position + 2 > data.Length)
            {
                error = "JPEG ends inside a segment header";
                return ImageStatus.Truncated;
            }

            var segment = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
            if (segment < 2)
            {
                error = $"JPEG segment length {segment} is invalid";
                return ImageStatus.DecodeFailed;
            }

            var isFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isFrame)
            {
                if (segment < 8 || position + 7 > data.Length)
                {
                    error = "JPEG frame header is truncated";
                    return ImageStatus.Truncated;
                }

                int height = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 3)..]);
                int width = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 5)..]);
                if (width == 0 || height == 0)
                {
                    error = $"JPEG declares invalid dimensions {width}x{height}";
                    return ImageStatus.DecodeFailed;
                }

                header = new ImageHeader(ImageFormat.Jpeg, width, height);
                break;
            }

            position += segment;
        }

        // libjpeg pads a truncated scan with grey and only warns, so completeness is checked here.
        if (!HasTailMarker(data, [0xFF, 0xD9]))
        {
            error = "JPEG has no end-of-image marker (truncated)";
            return ImageStatus.Truncated;
        }

        error = null;
        return ImageStatus.Ok;
    }

    private static bool HasTailMarker(ReadOnlySpan<byte> data, ReadOnlySpan<byte> marker)
    {
        var from = Math.Max(0, data.Length - MaxTrailingBytes - marker.Length);
        return data.Length >= marker.Length && data[from..].LastIndexOf(marker) >= 0;
    }
}
