namespace EmoteCare.Evaluate;

/// <summary>One image to classify and the index of its true class in the model's class order.</summary>
internal readonly record struct LabeledImage(string Path, int ClassIndex);

/// <summary>The images of a folder-per-class directory, in class order then file-name order.</summary>
internal sealed class FaceFolder
{
    // What the training script reads (models/training/fer_data.py); other files in a class folder are not faces.
    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp" };

    private FaceFolder(string root, IReadOnlyList<string> classNames, IReadOnlyList<LabeledImage> images)
    {
        Root = root;
        ClassNames = classNames;
        Images = images;
    }

    /// <summary>The scanned folder (full path).</summary>
    public string Root { get; }

    /// <summary>The class names the folders were matched against; <see cref="LabeledImage.ClassIndex"/> indexes them.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The images, class by class in <c>classNames</c> order, each class sorted by file name.</summary>
    public IReadOnlyList<LabeledImage> Images { get; }

    /// <summary>
    /// Lists <paramref name="folder"/>'s class folders. Every sub-folder must be one of
    /// <paramref name="classNames"/> (case-insensitive); a class may be absent.
    /// </summary>
    /// <exception cref="EvaluationException">The folder is missing, holds an unknown class folder, or holds no images.</exception>
    public static FaceFolder Scan(string folder, IReadOnlyList<string> classNames, int? limitPerClass)
    {
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new EvaluationException($"image folder not found: {root}");
        }

        var byClass = new List<string>?[classNames.Count];
        var unknown = new List<string>();
        foreach (var classDirectory in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(classDirectory);
            if (name.StartsWith('.'))
            {
                continue; // .ipynb_checkpoints and the like, not classes
            }

            var index = IndexOf(classNames, name);
            if (index < 0)
            {
                unknown.Add(name);
                continue;
            }

            if (byClass[index] is not null)
            {
                throw new EvaluationException($"{root} has two folders for class '{classNames[index]}' (names differ only in case)");
            }

            byClass[index] = Directory.EnumerateFiles(classDirectory)
                .Where(f => ImageExtensions.Contains(Path.GetExtension(f)))
                .Order(StringComparer.Ordinal)
                .Take(limitPerClass ?? int.MaxValue)
                .ToList();
        }

        if (unknown.Count > 0)
        {
            throw new EvaluationException(
                $"{root}: unknown class folder{(unknown.Count > 1 ? "s" : string.Empty)} {string.Join(", ", unknown.Select(u => $"'{u}'"))}; " +
                $"the model's classes are {string.Join(", ", classNames)}");
        }

        var images = new List<LabeledImage>();
        for (var c = 0; c < classNames.Count; c++)
        {
            images.AddRange((byClass[c] ?? []).Select(path => new LabeledImage(path, c)));
        }

        if (images.Count == 0)
        {
            throw new EvaluationException(
                $"no images in {root}: expected sub-folders named {string.Join(", ", classNames)} holding .jpg/.jpeg/.png/.bmp files");
        }

        return new FaceFolder(root, classNames, images);
    }

    private static int IndexOf(IReadOnlyList<string> classNames, string name)
    {
        for (var i = 0; i < classNames.Count; i++)
        {
            if (string.Equals(classNames[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>A problem with the inputs that ends the command with a message rather than a stack trace.</summary>
internal sealed class EvaluationException(string message) : Exception(message);
