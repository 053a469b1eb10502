using EmoteCare.Silo;
using Microsoft.Extensions.Hosting;

// A grain-only node: joins the cluster named in configuration and hosts grains and inference workers, without the Api.
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.AddEmoteCareSilo(builder.Configuration));
await builder.Build().RunAsync();
