namespace EmoteCare.Evaluate.Tests;

/// <summary>A throw-away folder-per-class image set.</summary>
internal sealed class TemporaryFaceFolder : IDisposable
{
    public TemporaryFaceFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "emotecare-evaluate-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Adds a uniform gray image: 255 reads "happy", 0 "sad" and 128 "neutral" with the stand-in model.</summary>
    public string AddUniform(string classFolder, string name, byte value, int width = 48, int height = 48)
    {
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(Root, classFolder)).FullName, name);
        GrayPng.Write(path, width, height, (_, _) => value);
        return path;
    }

    public string AddFile(string classFolder, string name, byte[] content)
    {
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(Root, classFolder)).FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
