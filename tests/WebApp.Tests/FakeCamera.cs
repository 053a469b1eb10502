using System.Text;
using EmoteCare.Vision.Faces;
using EmoteCare.Vision.Synthetic;

namespace EmoteCare.WebApp.Tests;

/// <summary>
/// A webcam video for Chromium's fake capture device (<c>--use-file-for-fake-video-capture</c>): FER2013 faces, large enough
/// for the Haar detector (96–120 px), drawn by <see cref="SyntheticWebcamStream"/> on a 320x240 background with slow motion,
/// lighting changes and noise, written as YUV4MPEG2 (4:2:0). Chromium loops the file.
/// </summary>
internal static class FakeCamera
{
    public const int FramesPerSecond = 10;

    /// <summary>Expressions in the order the video shows them, each for a few seconds: a mix, with a negative stretch.</summary>
    private static readonly (string Folder, int Faces)[] Script =
    [
        ("happy", 2), ("neutral", 2), ("sad", 3), ("angry", 2), ("fear", 1), ("happy", 2),
    ];

    /// <summary>Writes the video to <paramref name="path"/> and returns how many distinct faces it shows.</summary>
    public static int Write(string path, int secondsPerFace = 3)
    {
        var options = new SyntheticStreamOptions { FramesPerFace = secondsPerFace * FramesPerSecond, Seed = 7 };
        var faces = new List<byte[]>();
        using (var detector = new HaarFaceDetector())
        {
            foreach (var (folder, count) in Script)
            {
                // LoadFer2013Faces reads <root>/<split>/**.jpg: with val as the root, the split is the class folder.
                var candidates = SyntheticWebcamStream.LoadFer2013Faces(Path.Combine(TestEnvironment.Fer2013, "val"), 12, folder);
                faces.AddRange(SyntheticWebcamStream.SelectDetectable(candidates, detector, options, minFaceSize: 60).Take(count));
            }
        }

        if (faces.Count == 0)
        {
            throw new InvalidOperationException("No FER2013 face was detectable when rendered; the fake camera would show no face.");
        }

        var stream = new SyntheticWebcamStream(faces, options);
        var width = options.Width;
        var height = options.Height;
        var chroma = new byte[width / 2 * (height / 2)];
        Array.Fill(chroma, (byte)128);
        var luma = new byte[width * height];

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        file.Write(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{width} H{height} F{FramesPerSecond}:1 Ip A1:1 C420jpeg\n"));
        var frameHeader = Encoding.ASCII.GetBytes("FRAME\n");
        for (var i = 0; i < faces.Count * options.FramesPerFace; i++)
        {
            var frame = stream.Render(i);
            for (var p = 0; p < luma.Length; p++)
            {
                // Video range (16–235), as the capture pipeline reads it.
                luma[p] = (byte)(16 + (frame.Pixels[p] * 219 / 255));
            }

            file.Write(frameHeader);
            file.Write(luma);
            file.Write(chroma);
            file.Write(chroma);
        }

        return faces.Count;
    }
}
