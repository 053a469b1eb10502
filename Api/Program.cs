using EmoteCare.Api;
using EmoteCare.Api.Commands;

if (ApiCommands.IsCommand(args))
{
    return await ApiCommands.RunAsync(args, Console.Out);
}

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:8080");
}

builder.AddEmoteCareApi();
var app = builder.Build();
app.MapEmoteCareApi();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
