# SPDX-License-Identifier: Apache-2.0
# ASan+UBSan for the whole build when EXRAY_SANITIZE is on: CI runs every test this way once.
if(EXRAY_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
