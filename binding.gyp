{
  "targets": [
    {
      "target_name": "psnode",
      "sources": [
        "native/addon.cc",
        "native/node/js_error.cc",
        "native/node/js_string.cc",
        "native/common/error.cc",
        "native/common/io.cc",
        "native/common/parse.cc",
        "native/common/strings.cc"
      ],
      "conditions": [
        ["OS=='linux'", {
          "sources": [
            "native/linux/cpu.cc",
            "native/linux/disk.cc",
            "native/linux/mem.cc",
            "native/linux/net.cc",
            "native/linux/proc.cc",
            "native/linux/sensors.cc",
            "native/linux/system.cc"
          ]
        }]
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "native"
      ],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_CPP_EXCEPTIONS",
        "NODE_ADDON_API_DISABLE_DEPRECATED"
      ],
      "cflags!": ["-fno-exceptions", "-Wno-unused-parameter"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
      "cflags": ["-Wall", "-Wextra"],
      "cflags_cc": ["-std=c++17", "-fexceptions"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "MACOSX_DEPLOYMENT_TARGET": "10.15"
      },
      "msvs_settings": {
        "VCCLCompilerTool": { "ExceptionHandling": 1, "AdditionalOptions": ["/std:c++17"] }
      }
    }
  ]
}
