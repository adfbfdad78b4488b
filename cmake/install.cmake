# Copyright (c) 2026 The lockfile developers
# SPDX-License-Identifier: BSL-1.0
# Installs the headers, the library, a CMake package (find_package(lockfile
# CONFIG) gives lockfile::lockfile) and a pkg-config file (lockfile-cpp);
# where the etcd component is built, also it (the component etcd of the
# package: lockfile::etcd; pkg-config lockfile-cpp-etcd), and else nothing
# of it, not even its headers.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(LOCKFILE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/lockfile)

if(TARGET lockfile_etcd)
  install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(TARGETS lockfile_etcd EXPORT lockfile-etcd-targets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
          RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(EXPORT lockfile-etcd-targets NAMESPACE lockfile:: DESTINATION ${LOCKFILE_CMAKE_DIR})
else()
  install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} PATTERN etcd EXCLUDE)
endif()
install(TARGETS lockfile EXPORT lockfile-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT lockfile-targets NAMESPACE lockfile:: DESTINATION ${LOCKFILE_CMAKE_DIR})

configure_package_config_file(cmake/lockfile-config.cmake.in
  ${PROJECT_BINARY_DIR}/lockfile-config.cmake INSTALL_DESTINATION ${LOCKFILE_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/lockfile-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/lockfile-config.cmake
              ${PROJECT_BINARY_DIR}/lockfile-config-version.cmake
        DESTINATION ${LOCKFILE_CMAKE_DIR})

# The prefix is found from the .pc file's own place, so that the package
# works wherever `cmake --install --prefix` puts it.
file(RELATIVE_PATH LOCKFILE_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
foreach(package lockfile-cpp lockfile-cpp-etcd)
  if(package STREQUAL lockfile-cpp OR TARGET lockfile_etcd)
    configure_file(cmake/${package}.pc.in ${PROJECT_BINARY_DIR}/${package}.pc @ONLY)
    install(FILES ${PROJECT_BINARY_DIR}/${package}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
  endif()
endforeach()

# The Boost Software License 1.0 travels with the package: beside its
# documentation, and named in the CMake package and the pkg-config file.
install(FILES LICENSE_1_0.txt DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/lockfile-cpp)
