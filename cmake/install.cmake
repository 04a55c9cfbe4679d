# `cmake --install`: the public headers, the layer libraries, the `caspian` binary, and the
# files that let an outside project use them: find_package(caspian) giving caspian::caspian
# (caspianConfig.cmake), or pkg-config (caspian.pc). The layers are static libraries, so the
# package lists them all; a program still includes and names only caspian::caspian.
include(CMakePackageConfigHelpers)

get_property(caspian_layers GLOBAL PROPERTY CASPIAN_LAYERS)
install(TARGETS ${caspian_layers} EXPORT caspianTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS caspian_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/caspian
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp")

set(caspian_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/caspian)
install(EXPORT caspianTargets NAMESPACE caspian:: DESTINATION ${caspian_cmake_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/caspianConfig.cmake.in
    ${PROJECT_BINARY_DIR}/caspianConfig.cmake INSTALL_DESTINATION ${caspian_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/caspianConfigVersion.cmake
    COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/caspianConfig.cmake
              ${PROJECT_BINARY_DIR}/caspianConfigVersion.cmake
        DESTINATION ${caspian_cmake_dir})

# pkg-config: the layers in link order (each static library before the ones it uses).
list(REVERSE caspian_layers)
set(caspian_pc_libs "")
foreach(layer IN LISTS caspian_layers)
    string(APPEND caspian_pc_libs " -l${layer}")
endforeach()
# The .pc file finds the prefix relative to itself, so an installed tree can move.
file(RELATIVE_PATH caspian_pc_to_prefix /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
configure_file(${PROJECT_SOURCE_DIR}/cmake/caspian.pc.in ${PROJECT_BINARY_DIR}/caspian.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/caspian.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
